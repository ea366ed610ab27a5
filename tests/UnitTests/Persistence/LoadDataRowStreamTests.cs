using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.UnitTests.Persistence.Support;

namespace Recorder.UnitTests.Persistence;

/// <summary>
/// The text a LOAD DATA reads, parsed back the way the server parses it (tab between fields, newline after a row,
/// backslash escapes, \N for NULL). The integration tests store the same hostile texts through a real server.
/// </summary>
public class LoadDataRowStreamTests
{
    private static readonly DateTime Occurred = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    public static TheoryData<int> ReadSizes => [1, 2, 3, 5, 7, 64, 4096, 1 << 20];

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Rows_parse_back_to_the_values_they_came_from_whatever_the_read_size(int readSize)
    {
        using var db = OfflineModel.RecordsContext();
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));
        string[] texts =
        [
            "plain",
            "tab\there\tand\nnewline\\backslash\\\\ \\N \\t",
            "nul\0 cr\r ctrl-z \u001a",
            "emoji 😀👍🏽 CJK 你好 combining e\u0301",
            string.Concat(Enumerable.Repeat("😀\t长\\a", 50_000)),
        ];
        var rows = texts.Select((t, i) => new ConversationRecord($"user-{i}", i % 2 == 0 ? RecordSource.User : RecordSource.Ai, t, Occurred.AddMilliseconds(i)))
            .ToArray();

        var parsed = Parse(ReadAll(new LoadDataRowStream<ConversationRecord>(table, rows, 0, rows.Length), readSize));

        Assert.Equal(rows.Length, parsed.Count);
        var order = table.Columns.Select(c => c.Name).ToList();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].UserId, parsed[i][order.IndexOf("user_id")]);
            Assert.Equal(i % 2 == 0 ? "USER" : "AI", parsed[i][order.IndexOf("source")]);
            Assert.True(texts[i] == parsed[i][order.IndexOf("content")], $"text {i} changed");
            Assert.Equal(Occurred.AddMilliseconds(i).ToString("yyyy-MM-dd HH:mm:ss.ffffff"), parsed[i][order.IndexOf("occurred")]);
        }
    }

    [Fact]
    public void A_read_returns_at_most_one_small_packet_however_large_the_buffer()
    {
        using var db = OfflineModel.RecordsContext();
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));
        var rows = Enumerable.Range(0, 3_000)
            .Select(i => new ConversationRecord($"user-{i}", RecordSource.User, $"text {i} " + new string('x', 200), Occurred))
            .ToArray();
        var stream = new LoadDataRowStream<ConversationRecord>(table, rows, 0, rows.Length);
        var buffer = new byte[1 << 20];

        var reads = new List<int>();
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            reads.Add(n);
        }

        // The driver sends a read as one packet through a buffer of the read and its 4-byte header: 64 KiB at most,
        // below the large-object heap's 85,000 bytes.
        Assert.True(reads.Count > 1, "the rows need more than one packet");
        Assert.All(reads, r => Assert.InRange(r, 1, LoadDataRowStream<ConversationRecord>.MaxChunkBytes));
        Assert.Equal((64 * 1024) - 4, LoadDataRowStream<ConversationRecord>.MaxChunkBytes);
        Assert.All(reads.SkipLast(1), r => Assert.Equal(LoadDataRowStream<ConversationRecord>.MaxChunkBytes, r));
        Assert.Equal(rows.Length, Parse(ReadAll(new LoadDataRowStream<ConversationRecord>(table, rows, 0, rows.Length), 1 << 20)).Count);
    }

    [Fact]
    public void Writes_only_the_slice_it_was_given()
    {
        using var db = OfflineModel.RecordsContext();
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));
        var rows = Enumerable.Range(0, 10).Select(i => new ConversationRecord($"user-{i}", RecordSource.User, $"text {i}", Occurred)).ToArray();

        var parsed = Parse(ReadAll(new LoadDataRowStream<ConversationRecord>(table, rows, 3, 4), 4096));

        Assert.Equal(["user-3", "user-4", "user-5", "user-6"], parsed.Select(r => r[table.Columns.Select(c => c.Name).ToList().IndexOf("user_id")]));
    }

    public static TheoryData<long> DateTimeTicks =>
    [
        DateTime.MinValue.Ticks,
        DateTime.MaxValue.Ticks,
        new DateTime(999, 12, 31, 23, 59, 59).Ticks + 9_999_999,
        new DateTime(2024, 2, 29, 0, 0, 0).Ticks + 1,
        Occurred.Ticks,
        Occurred.Ticks + 7,
        new DateTime(2026, 11, 1, 8, 9, 10).Ticks + 123_456_789 % TimeSpan.TicksPerSecond,
    ];

    [Theory]
    [MemberData(nameof(DateTimeTicks))]
    public void A_datetime_is_written_as_the_general_formatter_writes_it_with_microseconds(long ticks)
    {
        var time = new DateTime(ticks, DateTimeKind.Utc);
        var destination = new byte[40];

        Assert.True(LoadDataRowStream<TypedRow>.TryFormatDateTime(time, destination, out var written));

        Assert.Equal(
            time.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'ffffff", CultureInfo.InvariantCulture),
            Encoding.ASCII.GetString(destination, 0, written));
    }

    [Fact]
    public void A_datetime_that_does_not_fit_writes_nothing()
    {
        var destination = new byte[25];

        Assert.False(LoadDataRowStream<TypedRow>.TryFormatDateTime(Occurred, destination, out var written));

        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Null_and_non_text_values_are_written_as_the_server_reads_them()
    {
        using var db = new TypesContext();
        var table = BulkInsertTable.For(db.Model, typeof(TypedRow));
        var rows = new[]
        {
            new TypedRow { Text = null, Flag = true, Count = -42, Amount = 12.345m, Ratio = 0.1, At = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(8)) },
            new TypedRow { Text = "\\N", Flag = false, Count = long.MaxValue, Amount = -0.5m, Ratio = 1e-300, At = DateTimeOffset.UnixEpoch },
        };

        var parsed = Parse(ReadAll(new LoadDataRowStream<TypedRow>(table, rows, 0, rows.Length), 3));

        var order = table.Columns.Select(c => c.Name).ToList();
        Assert.Null(parsed[0][order.IndexOf("text")]);
        Assert.Equal("\\N", parsed[1][order.IndexOf("text")]);
        Assert.Equal(["1", "0"], parsed.Select(r => r[order.IndexOf("flag")]));
        Assert.Equal(["-42", "9223372036854775807"], parsed.Select(r => r[order.IndexOf("count")]));
        Assert.Equal(["12.345", "-0.5"], parsed.Select(r => r[order.IndexOf("amount")]));
        Assert.Equal(["0.1", "1E-300"], parsed.Select(r => r[order.IndexOf("ratio")]));
        Assert.Equal(["2026-03-03 21:06:07.890000", "1970-01-01 00:00:00.000000"], parsed.Select(r => r[order.IndexOf("at")]));
    }

    // Attribute arguments are stored as UTF-8, which has no form for these texts, so the cases are built here.
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 4096)]
    [InlineData(1, 3)]
    [InlineData(1, 4096)]
    [InlineData(2, 1)]
    [InlineData(2, 4096)]
    public void An_unpaired_surrogate_is_refused_rather_than_replaced(int textCase, int readSize)
    {
        var text = textCase switch
        {
            0 => "broken \uD83D\tthere",
            1 => "ends open \uD83D",
            _ => "\uDE00 low first",
        };
        Assert.False(TextMeasure.IsWellFormed(text));
        using var db = new TypesContext();
        var table = BulkInsertTable.For(db.Model, typeof(TypedRow));
        var rows = new[] { new TypedRow { Text = "ok" }, new TypedRow { Text = text } };

        var stream = new LoadDataRowStream<TypedRow>(table, rows, 0, rows.Length);
        var error = Assert.Throws<BulkInsertRowException>(() => ReadAll(stream, readSize));
        var refused = Assert.Throws<BulkInsertRowException>(() => table.EnsureEncodable(rows, 0, rows.Length));

        Assert.Equal(1366, error.Number);
        Assert.Equal(1366, refused.Number);
        Assert.Same(error, stream.Failure);
        // The text may be personal data; neither refusal quotes it.
        Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, refused.Message, StringComparison.Ordinal);
        table.EnsureEncodable(rows, 0, 1);
    }

    [Fact]
    public void An_unpaired_surrogate_after_a_full_buffer_is_refused_at_that_read()
    {
        using var db = new TypesContext();
        var table = BulkInsertTable.For(db.Model, typeof(TypedRow));
        var rows = new[] { new TypedRow { Text = new string('a', 10_000) + "\uD83D" } };
        var stream = new LoadDataRowStream<TypedRow>(table, rows, 0, rows.Length);
        var buffer = new byte[4096];

        // The plain run before the surrogate fills two reads; the third reaches it.
        Assert.Equal(4096, stream.Read(buffer, 0, buffer.Length));
        Assert.Equal(4096, stream.Read(buffer, 0, buffer.Length));
        Assert.Throws<BulkInsertRowException>(() => stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void A_local_time_is_refused_rather_than_written_as_its_wall_clock()
    {
        using var db = new TypesContext();
        var table = BulkInsertTable.For(db.Model, typeof(LocalTimeRow));
        var rows = new[] { new LocalTimeRow { At = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local) } };

        Assert.Throws<NotSupportedException>(() => ReadAll(new LoadDataRowStream<LocalTimeRow>(table, rows, 0, rows.Length), 4096));
    }

    [Fact]
    public void Only_types_it_can_write_are_accepted()
    {
        Assert.True(LoadDataRowStream<TypedRow>.Supports(typeof(string)));
        Assert.True(LoadDataRowStream<TypedRow>.Supports(typeof(DateTime)));
        Assert.True(LoadDataRowStream<TypedRow>.Supports(typeof(ulong)));
        Assert.False(LoadDataRowStream<TypedRow>.Supports(typeof(byte[])));
        Assert.False(LoadDataRowStream<TypedRow>.Supports(typeof(Guid)));
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }

    /// <summary>The server's reading of FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'.</summary>
    private static List<string?[]> Parse(byte[] data)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var rows = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        var isNull = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                var next = text[++i];
                if (next == 'N' && field.Length == 0 && (i + 1 == text.Length || text[i + 1] is '\t' or '\n'))
                {
                    isNull = true;
                    continue;
                }

                field.Append(next switch { 't' => '\t', 'n' => '\n', '\\' => '\\', _ => throw new FormatException($"Unexpected escape \\{next}") });
            }
            else if (c is '\t' or '\n')
            {
                fields.Add(isNull ? null : field.ToString());
                field.Clear();
                isNull = false;
                if (c == '\n')
                {
                    rows.Add([.. fields]);
                    fields.Clear();
                }
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }

    public sealed class TypedRow
    {
        public long Id { get; set; }

        public string? Text { get; set; }

        public bool Flag { get; set; }

        public long Count { get; set; }

        public decimal Amount { get; set; }

        public double Ratio { get; set; }

        public DateTimeOffset At { get; set; }
    }

    public sealed class LocalTimeRow
    {
        public long Id { get; set; }

        public DateTime At { get; set; }
    }

    private sealed class TypesContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseMySql(OfflineModel.ServerVersion);

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TypedRow>(e =>
            {
                e.ToTable("typed_rows");
                e.Property(r => r.Text).HasColumnName("text");
                e.Property(r => r.Flag).HasColumnName("flag");
                e.Property(r => r.Count).HasColumnName("count");
                e.Property(r => r.Amount).HasColumnName("amount");
                e.Property(r => r.Ratio).HasColumnName("ratio");
                e.Property(r => r.At).HasColumnName("at");
            });
            modelBuilder.Entity<LocalTimeRow>(e => e.ToTable("local_time_rows"));
        }
    }
}
