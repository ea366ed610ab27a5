using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.Benchmarks;

/// <summary>
/// Inserts the same rows into conversation_records through this repository's MySQL client (parameterised multi-row
/// INSERT IGNORE, one statement per chunk, sequentially on pooled connections) and through the mariadb command-line
/// client reading an equivalent SQL file, alternating for several rounds, and prints rows/s, medians and their ratio.
/// </summary>
internal static class MySqlInsertBenchmark
{
    private const string Table = "conversation_records";

    public static async Task<int> RunAsync(InsertBenchmarkOptions options)
    {
        var connection = new MySqlConnectionStringBuilder(options.ConnectionString);
        var cli = new MariaDbCli(connection);
        var schema = options.SchemaFile ?? RepositoryPaths.CreateSchemaScript();
        await using var dataSource = new MySqlDataSource(options.ConnectionString);

        Console.WriteLine($"mysql-insert: {options.Rows:N0} rows, {options.Chunk} rows per INSERT IGNORE, {options.Rounds} rounds");
        Console.WriteLine($"database: {dataSource} (server {await ScalarAsync(dataSource, "SELECT VERSION()")})");
        Console.WriteLine($"schema: {schema} (piped into the mariadb client); {Table} is emptied before every run and left empty");
        await cli.RunFileAsync(schema);

        var generation = Stopwatch.StartNew();
        var rows = ConversationRowGenerator.Generate(options.Rows);
        var sqlFile = Path.Combine(Path.GetTempPath(), $"recorder-mysql-insert-{Environment.ProcessId}.sql");
        await CliSqlFile.WriteAsync(sqlFile, rows, options.Chunk);
        Console.WriteLine($"prepared {rows.Count:N0} rows and {new FileInfo(sqlFile).Length / 1024.0 / 1024.0:0.0} MiB of SQL for the CLI in {generation.Elapsed.TotalSeconds:0.0} s (not timed)");

        try
        {
            // The service runs for days: compare steady state, not the client's first calls, which run unoptimised
            // code until the JIT's background tier-up has caught up.
            await TruncateAsync(dataSource);
            await InsertThroughClientAsync(dataSource, rows.Take(Math.Min(rows.Count, 30_000)).ToList(), options.Chunk);
            await Task.Delay(TimeSpan.FromSeconds(1));

            var clientRates = new List<double>();
            var cliRates = new List<double>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                // Alternate which side goes first, so neither always inherits the other's buffer pool state.
                TimeSpan clientTime = default, clientCpu = default, cliTime = default;
                foreach (var clientTurn in round % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    await TruncateAsync(dataSource);
                    if (clientTurn)
                    {
                        (clientTime, clientCpu, var reported) = await InsertThroughClientAsync(dataSource, rows, options.Chunk);
                        await VerifyAsync(dataSource, rows.Count, "client");
                        if (reported != rows.Count)
                        {
                            throw new InvalidOperationException($"client reported {reported} inserted rows, expected {rows.Count}");
                        }
                    }
                    else
                    {
                        cliTime = await cli.RunFileAsync(sqlFile);
                        await VerifyAsync(dataSource, rows.Count, "mariadb CLI");
                    }
                }

                clientRates.Add(rows.Count / clientTime.TotalSeconds);
                cliRates.Add(rows.Count / cliTime.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: client {clientRates[^1],8:N0} rows/s ({clientTime.TotalSeconds:0.00} s, client CPU {clientCpu.TotalSeconds:0.00} s) | mariadb CLI {cliRates[^1],8:N0} rows/s ({cliTime.TotalSeconds:0.00} s) | {rows.Count:N0} rows verified after each"));
            }

            var clientMedian = Median(clientRates);
            var cliMedian = Median(cliRates);
            var ratio = clientMedian / cliMedian;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: client {clientMedian:N0} rows/s, mariadb CLI {cliMedian:N0} rows/s, ratio client/CLI = {ratio:0.00} (goal >= 0.90: {(ratio >= 0.9 ? "met" : "NOT met")})"));
            return 0;
        }
        finally
        {
            File.Delete(sqlFile);
            await TruncateAsync(dataSource);
        }
    }

    /// <summary>Inserts all rows, one parameterised statement per chunk on a pooled connection, as the recorder does;
    /// returns wall time, this process's CPU time and the affected-row total. The command and its parameters are built
    /// once per chunk size and only their values change, so the client does not allocate per parameter.</summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu, long Inserted)> InsertThroughClientAsync(
        MySqlDataSource dataSource, IReadOnlyList<ConversationRow> rows, int chunk)
    {
        var commands = new Dictionary<int, MySqlCommand>();
        long inserted = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            for (var start = 0; start < rows.Count; start += chunk)
            {
                var count = Math.Min(chunk, rows.Count - start);
                if (!commands.TryGetValue(count, out var command))
                {
                    command = InsertCommand(count);
                    commands.Add(count, command);
                }

                var parameters = command.Parameters;
                for (var i = 0; i < count; i++)
                {
                    var row = rows[start + i];
                    parameters[4 * i].Value = row.UserId;
                    parameters[(4 * i) + 1].Value = row.Source;
                    parameters[(4 * i) + 2].Value = row.Content;
                    parameters[(4 * i) + 3].Value = row.Occurred;
                }

                await using var connection = await dataSource.OpenConnectionAsync();
                command.Connection = connection;
                inserted += await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        stopwatch.Stop();
        return (stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, inserted);
    }

    private static MySqlCommand InsertCommand(int count)
    {
        var command = new MySqlCommand(InsertSql(count));
        for (var i = 0; i < count; i++)
        {
            var suffix = i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(new MySqlParameter("@u" + suffix, null));
            command.Parameters.Add(new MySqlParameter("@s" + suffix, null));
            command.Parameters.Add(new MySqlParameter("@c" + suffix, null));
            command.Parameters.Add(new MySqlParameter("@o" + suffix, null));
        }

        return command;
    }

    private static string InsertSql(int count)
    {
        var sql = new StringBuilder($"INSERT IGNORE INTO {Table} (user_id, source, content, occurred) VALUES ");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "(" : ",(").Append(CultureInfo.InvariantCulture, $"@u{i},@s{i},@c{i},@o{i})");
        }

        return sql.ToString();
    }

    private static async Task VerifyAsync(MySqlDataSource dataSource, int expected, string who)
    {
        var actual = Convert.ToInt64(await ScalarAsync(dataSource, $"SELECT COUNT(*) FROM {Table}"), CultureInfo.InvariantCulture);
        if (actual != expected)
        {
            throw new InvalidOperationException($"after the {who} run the table holds {actual} rows, expected {expected}");
        }
    }

    private static async Task TruncateAsync(MySqlDataSource dataSource) => await ScalarAsync(dataSource, $"TRUNCATE TABLE {Table}");

    private static async Task<object?> ScalarAsync(MySqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
