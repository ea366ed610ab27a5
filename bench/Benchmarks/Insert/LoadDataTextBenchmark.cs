using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.BulkInsert;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// The CPU the recorder spends writing a transaction's <c>LOAD DATA</c> text, without a server: rows of drain-sized
/// rounds encoded through <see cref="LoadDataRowStream{TEntity}"/> in 64 KiB reads, and a DATETIME value formatted
/// by the stream's digit writer against the runtime's formatter with the same custom format (what the stream used
/// before). Single thread; each measurement runs twice, alternating, after a warm-up, and the second is reported.
/// </summary>
internal static class LoadDataTextBenchmark
{
    private const string GeneralFormat = "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'ffffff";

    public static int Run(string[] args)
    {
        var values = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000;
        Console.WriteLine($"load-data-text: {values:N0} DATETIME values per formatter; rows of 3-pair rounds (120-character texts) in 5,000-row transactions");
        var times = Enumerable.Range(0, 1_000).Select(i => new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(i * 7_919_137_777L)).ToArray();
        // The recorder's model, built without a server for the server version the service is configured for.
        using var db = new RecorderDbContext(new DbContextOptionsBuilder<RecorderDbContext>()
            .UseMySql(new PersistenceOptions().ParsedServerVersion())
            .Options);
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));
        var rows = Rows(5_000);

        (double General, double Digits, double Row) last = default;
        for (var round = 1; round <= 2; round++)
        {
            var general = FormatNs(times, values, static (t, d) => t.TryFormat(d, out var n, GeneralFormat, CultureInfo.InvariantCulture) ? n : 0);
            var digits = FormatNs(times, values, static (t, d) => LoadDataRowStream<ConversationRecord>.TryFormatDateTime(t, d, out var n) ? n : 0);
            var row = EncodeNsPerRow(table, rows, Math.Max(1, values / 20_000));
            last = (general, digits, row);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: DATETIME general formatter {general,6:0.0} ns, digit writer {digits,6:0.0} ns; LOAD DATA text {row,7:0} ns per row"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  the digit writer takes {last.Digits / last.General:0.00}x the general formatter's time, {last.General - last.Digits:0} ns less per value (one per row)"));
        return 0;
    }

    private static ConversationRecord[] Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ConversationRecord(
            "wx_user_" + (i / 6 % 1_000).ToString("D5", CultureInfo.InvariantCulture),
            i % 2 == 0 ? RecordSource.User : RecordSource.Ai,
            $"round {i / 6} text {i % 6} " + string.Concat(Enumerable.Repeat("你好，请问 order\tstatus \\ ", 5)),
            new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc).AddSeconds(i / 6)))];

    private static double FormatNs(DateTime[] times, int values, Func<DateTime, Span<byte>, int> format)
    {
        Span<byte> buffer = stackalloc byte[64];
        var sink = 0;
        for (var i = 0; i < values / 10; i++)
        {
            sink += format(times[i % times.Length], buffer);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < values; i++)
        {
            sink += format(times[i % times.Length], buffer);
        }

        watch.Stop();
        return sink == 0 ? double.NaN : watch.Elapsed.TotalNanoseconds / values;
    }

    private static double EncodeNsPerRow(BulkInsertTable table, ConversationRecord[] rows, int transactions)
    {
        var buffer = new byte[64 * 1024];
        Encode(table, rows, buffer, Math.Max(1, transactions / 10));
        var watch = Stopwatch.StartNew();
        var bytes = Encode(table, rows, buffer, transactions);
        watch.Stop();
        return bytes == 0 ? double.NaN : watch.Elapsed.TotalNanoseconds / ((double)transactions * rows.Length);
    }

    private static long Encode(BulkInsertTable table, ConversationRecord[] rows, byte[] buffer, int transactions)
    {
        long bytes = 0;
        for (var t = 0; t < transactions; t++)
        {
            table.EnsureEncodable(rows, 0, rows.Length);
            using var stream = new LoadDataRowStream<ConversationRecord>(table, rows, 0, rows.Length);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                bytes += n;
            }
        }

        return bytes;
    }
}
