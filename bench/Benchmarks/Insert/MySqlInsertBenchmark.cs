using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Recorder.Benchmarks.Drain;
using Recorder.Infrastructure.Persistence.BulkInsert;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// Inserts the same rows into an empty conversation_records through the recorder's writer (both bulk insert methods)
/// and through the raw paths it could have used instead — MySqlConnector multi-row statements and MySqlBulkCopy, the
/// mariadb client with INSERT IGNORE statements and with LOAD DATA LOCAL — over several rounds in rotating order,
/// verifies the row count after every run, and prints rows/s, medians and each path's ratio to the fastest raw one.
/// </summary>
internal static class MySqlInsertBenchmark
{
    private const string Table = "conversation_records";

    public static async Task<int> RunAsync(InsertBenchmarkOptions options)
    {
        var connection = new MySqlConnectionStringBuilder(options.ConnectionString);
        var cli = new MariaDbCli(connection);
        var schema = options.SchemaFile ?? RepositoryPaths.CreateSchemaScript();
        await using var dataSource = new MySqlDataSourceBuilder(new MySqlConnectionStringBuilder(options.ConnectionString)
        {
            AllowLoadLocalInfile = true,
            DateTimeKind = MySqlDateTimeKind.Utc,
        }.ConnectionString).Build();

        Console.WriteLine($"mysql-insert: {options.Rows:N0} rows, {options.Chunk} rows per statement, {options.Rounds} rounds");
        foreach (var (key, value) in options.WriterSettings)
        {
            Console.WriteLine($"writer setting {key}={value}");
        }
        Console.WriteLine($"server {await ScalarAsync(dataSource, "SELECT VERSION()")}, database {connection.Database}; {Table} is emptied before every run and left empty");
        await cli.RunFileAsync(schema);

        var preparation = Stopwatch.StartNew();
        var rows = ConversationRowGenerator.Generate(options.Rows);
        var work = Directory.CreateTempSubdirectory("recorder-mysql-insert-");
        var sqlFile = Path.Combine(work.FullName, "inserts.sql");
        var dataFile = Path.Combine(work.FullName, "rows.tsv");
        var loadFile = Path.Combine(work.FullName, "load.sql");
        await CliFiles.WriteInsertsAsync(sqlFile, rows, options.Chunk);
        await CliFiles.WriteLoadDataAsync(dataFile, loadFile, rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prepared {rows.Count:N0} rows, {new FileInfo(sqlFile).Length / 1048576.0:0.0} MiB of SQL and {new FileInfo(dataFile).Length / 1048576.0:0.0} MiB of TSV in {preparation.Elapsed.TotalSeconds:0.0} s (not timed)"));

        InsertPath[] paths =
        [
            new WriterPath(options.ConnectionString, BulkInsertMethod.MultiRowInsert, inFlight: 3_072, options.WriterSettings),
            new WriterPath(options.ConnectionString, BulkInsertMethod.LoadData, inFlight: 3_072, options.WriterSettings),
            new ConnectorMultiRowPath(dataSource, options.Chunk, connections: 4, rowsPerTransaction: 2_000),
            new ConnectorBulkCopyPath(dataSource),
            new CliInsertPath(cli, sqlFile),
            new CliLoadDataPath(cli, loadFile),
        ];
        var rates = paths.ToDictionary(p => p, _ => new List<double>());
        try
        {
            // The service runs for days: compare steady state, not the first calls, which run unoptimised code
            // until the JIT's background tier-up has caught up.
            foreach (var path in paths.Where(p => p.IsRecorder || p is ConnectorMultiRowPath))
            {
                await TruncateAsync(dataSource);
                await path.RunAsync([.. rows.Take(Math.Min(rows.Count, 30_000))]);
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                // Rotate the order, so no path always inherits another's buffer pool and purge state.
                var order = paths.Skip(round % paths.Length).Concat(paths.Take(round % paths.Length));
                Console.WriteLine($"round {round}:");
                foreach (var path in order)
                {
                    await TruncateAsync(dataSource);
                    var stopwatch = Stopwatch.StartNew();
                    var reported = await path.RunAsync(rows);
                    stopwatch.Stop();
                    await VerifyAsync(dataSource, rows.Count, path.Name, reported);
                    rates[path].Add(rows.Count / stopwatch.Elapsed.TotalSeconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {path.Name,-52} {rates[path][^1],9:N0} rows/s ({stopwatch.Elapsed.TotalSeconds:0.00} s)"));
                }
            }

            var medians = rates.ToDictionary(r => r.Key, r => Percentiles.Median(r.Value));
            var fastestRaw = medians.Where(m => !m.Key.IsRecorder).MaxBy(m => m.Value);
            Console.WriteLine($"medians over {options.Rounds} rounds, ratio to the fastest raw path ({fastestRaw.Key.Name}):");
            foreach (var (path, median) in medians.OrderByDescending(m => m.Value))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {path.Name,-52} {median,9:N0} rows/s  {median / fastestRaw.Value:0.00}x"));
            }

            var best = medians.Where(m => m.Key.IsRecorder).MaxBy(m => m.Value);
            var ratio = best.Value / fastestRaw.Value;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recorder writer (best: {best.Key.Name}) / fastest raw path = {ratio:0.00} (goal >= 0.90: {(ratio >= 0.9 ? "met" : "NOT met")})"));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
            await TruncateAsync(dataSource);
        }
    }

    private static async Task VerifyAsync(MySqlDataSource dataSource, int expected, string who, long reported)
    {
        var actual = Convert.ToInt64(await ScalarAsync(dataSource, $"SELECT COUNT(*) FROM {Table}"), CultureInfo.InvariantCulture);
        if (actual != expected || (reported >= 0 && reported != expected))
        {
            throw new InvalidOperationException($"after {who} the table holds {actual} rows and {reported} were reported inserted; expected {expected}");
        }
    }

    private static async Task TruncateAsync(MySqlDataSource dataSource) => await ScalarAsync(dataSource, $"TRUNCATE TABLE {Table}");

    private static async Task<object?> ScalarAsync(MySqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
