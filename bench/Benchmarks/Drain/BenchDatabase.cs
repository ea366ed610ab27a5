using System.Globalization;
using MySqlConnector;

namespace Recorder.Benchmarks.Drain;

/// <summary>The benchmark's own database, read and emptied with plain MySqlConnector.</summary>
internal sealed class BenchDatabase(string connectionString) : IAsyncDisposable
{
    private readonly MySqlDataSource _dataSource = new(connectionString);

    public Task TruncateAsync() => ExecuteAsync("TRUNCATE TABLE conversation_records");

    /// <summary>Brings the server to the same state before each timed phase, when it can (<see cref="ServerSettling"/>).</summary>
    public ServerSettling? Settling { get; set; }

    /// <summary>Empties the table and settles the server; says how settling went, or nothing when it did not run.</summary>
    public async Task<string> ResetAsync()
    {
        await TruncateAsync();
        return Settling is null ? string.Empty : await Settling.SettleAsync();
    }

    /// <summary>The server's <c>@@pid_file</c>: where it wrote its process id, on its own machine.</summary>
    public Task<string?> ServerPidFileAsync() => ScalarTextAsync("SELECT @@pid_file");

    /// <summary>A query's single value as text (for the server's own variables, never for input).</summary>
    public async Task<string?> ScalarTextAsync(string sql) => Convert.ToString(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    /// <summary>InnoDB's dirty pages and checkpoint age in bytes (global status, which any user may read).</summary>
    public async Task<(long DirtyPages, long CheckpointAge)> FlushStateAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_checkpoint_age')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long dirty = -1, age = -1;
        while (await reader.ReadAsync())
        {
            var value = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            if (reader.GetString(0).Equals("Innodb_buffer_pool_pages_dirty", StringComparison.OrdinalIgnoreCase))
            {
                dirty = value;
            }
            else
            {
                age = value;
            }
        }

        return dirty < 0 || age < 0 ? throw new InvalidOperationException("the server reports no InnoDB dirty pages or checkpoint age") : (dirty, age);
    }

    public async Task<long> CountAsync() => Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM conversation_records"), CultureInfo.InvariantCulture);

    /// <summary>
    /// When the first and the last row were stored (created_at, the server's clock at statement start), as unix
    /// milliseconds.
    /// </summary>
    public async Task<(long Rows, double FirstMs, double LastMs)> StoredSpanAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SELECT COUNT(*), UNIX_TIMESTAMP(MIN(created_at)) * 1000, UNIX_TIMESTAMP(MAX(created_at)) * 1000 FROM conversation_records", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until the table holds <paramref name="expected"/> rows; fails on timeout or on more rows.</summary>
    /// <returns>False when <paramref name="stopped"/> says the writer is gone (the count is then not checked).</returns>
    public async Task<bool> WaitForRowsAsync(long expected, TimeSpan timeout, Func<string>? onTimeout = null, Action? sample = null, Func<bool>? stopped = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        while ((count = await CountAsync()) < expected && DateTime.UtcNow < deadline)
        {
            if (stopped?.Invoke() == true)
            {
                return false;
            }

            sample?.Invoke();
            await Task.Delay(100);
        }

        if (count != expected)
        {
            throw WrongCount(expected, count, onTimeout);
        }

        return true;
    }

    /// <summary>Fails unless the table holds exactly <paramref name="expected"/> rows.</summary>
    public async Task EnsureRowsAsync(long expected, Func<string>? detail = null)
    {
        var count = await CountAsync();
        if (count != expected)
        {
            throw WrongCount(expected, count, detail);
        }
    }

    /// <summary>created_at of the USER row of the first pair of each latency round, by round number, as unix ms.</summary>
    public async Task<Dictionary<int, double>> StoredAtByRoundAsync(string tag)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SELECT content, UNIX_TIMESTAMP(created_at) * 1000 FROM conversation_records WHERE source = 'USER' AND content LIKE @prefix", connection);
        command.Parameters.AddWithValue("@prefix", tag + " %");
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<int, double>();
        while (await reader.ReadAsync())
        {
            var parts = reader.GetString(0).Split(' ', 4);
            if (parts.Length >= 3 && parts[2] == "q0")
            {
                stored[int.Parse(parts[1], CultureInfo.InvariantCulture)] = Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        return stored;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static InvalidOperationException WrongCount(long expected, long count, Func<string>? detail) =>
        new($"expected {expected:N0} rows, found {count:N0}{(detail is null ? string.Empty : "\n" + detail())}");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
