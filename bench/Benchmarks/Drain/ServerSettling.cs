using System.Diagnostics;
using System.Globalization;

namespace Recorder.Benchmarks.Drain;

/// <summary>
/// Starts every timed phase from the same server state: no dirty page in the buffer pool and the redo log
/// checkpointed. Without it a phase pays for the ones before it. InnoDB flushes little while the log has room, so
/// three phases of 360,000 rows left about 430 MB of the 512 MiB redo log unflushed, and the phase that crossed
/// InnoDB's flushing threshold ran far slower: the LOAD DATA after a drain reached 63,621 rows/s, the one before it
/// 100,333. Which phase that hit changed from run to run.
/// </summary>
/// <remarks>
/// Flushing takes a global variable (<c>innodb_max_dirty_pages_pct=0</c> until nothing is dirty, then its value
/// before), so it needs root on the server's own machine through <c>scripts/mariadb.sh sql</c>, as the integration
/// tests have. Where that is not the benchmark's server, the phases run unsettled and the benchmark says so.
/// </remarks>
internal sealed class ServerSettling
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly BenchDatabase _database;

    private ServerSettling(BenchDatabase database, string? unavailable)
    {
        _database = database;
        Unavailable = unavailable;
    }

    /// <summary>Why the server cannot be settled; null when it can.</summary>
    public string? Unavailable { get; }

    /// <summary>Settles the server the benchmark writes to when root on this machine reaches that same server.</summary>
    public static async Task<ServerSettling> LocateAsync(BenchDatabase database)
    {
        var benchServer = await database.ServerPidFileAsync();
        string? rootServer;
        try
        {
            rootServer = await RootScalarAsync("SELECT @@pid_file");
        }
        catch (InvalidOperationException failed)
        {
            return new ServerSettling(database, "no root access to the local server: " + failed.Message);
        }

        return rootServer == benchServer
            ? new ServerSettling(database, null)
            : new ServerSettling(database, $"the local server as root ({rootServer}) is not the benchmark's ({benchServer})");
    }

    /// <summary>Flushes every dirty page and waits for the checkpoint to catch up; how long it took, or null when not settled.</summary>
    public async Task<TimeSpan?> SettleAsync()
    {
        if (Unavailable is not null)
        {
            return null;
        }

        var started = Stopwatch.StartNew();
        var before = await RootScalarAsync("SELECT @@GLOBAL.innodb_max_dirty_pages_pct");
        await RootScalarAsync("SET GLOBAL innodb_max_dirty_pages_pct = 0");
        try
        {
            while (true)
            {
                var (dirty, checkpointAge) = await _database.FlushStateAsync();
                // A checkpoint age of a few hundred bytes is what an idle, fully flushed server shows.
                if (dirty == 0 && checkpointAge < 1024 * 1024)
                {
                    return started.Elapsed;
                }

                if (started.Elapsed > Patience)
                {
                    throw new InvalidOperationException(
                        $"the server did not settle within {Patience.TotalSeconds:0} s: {dirty:N0} dirty pages, checkpoint age {checkpointAge / 1048576.0:0.0} MiB");
                }

                await Task.Delay(200);
            }
        }
        finally
        {
            var restore = double.Parse(before ?? "90", CultureInfo.InvariantCulture);
            await RootScalarAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL innodb_max_dirty_pages_pct = {restore}"));
        }
    }

    /// <summary>Runs one statement as the local server's root (scripts/mariadb.sh sql); its last output line, if any.</summary>
    private static async Task<string?> RootScalarAsync(string sql)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root(), "scripts", "mariadb.sh"));
        start.ArgumentList.Add("sql");
        start.ArgumentList.Add(sql);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/mariadb.sh sql exited with {process.ExitCode}: {(await errors).Trim()}");
        }

        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }
}
