using System.Diagnostics;
using System.Globalization;

namespace Recorder.Benchmarks.Drain;

/// <summary>
/// Starts the raw, drain and latency phases from the same server state: no dirty page in the buffer pool and the
/// redo log checkpointed. Without it a phase pays for the ones before it. InnoDB flushes little while the log has
/// room, so three phases of 360,000 rows left about 430 MB of the 512 MiB redo log unflushed, and the phase that
/// crossed InnoDB's flushing threshold ran far slower: the LOAD DATA after a drain reached 63,621 rows/s, the one
/// before it 100,333. Which phase that hit changed from run to run.
/// </summary>
/// <remarks>
/// Flushing takes a global variable (<c>innodb_max_dirty_pages_pct=0</c> until nothing is dirty, then its value
/// before, and the low-water mark <c>innodb_max_dirty_pages_pct_lwm</c> that lowering it also lowered), so it needs
/// root on the server's own machine through <c>scripts/mariadb.sh sql</c>, as the integration tests have, without a
/// password prompt. Where that is not the benchmark's server, the phases run unsettled and the benchmark says so.
/// </remarks>
internal sealed class ServerSettling
{
    private const string Identity = "SELECT CONCAT_WS(' ', @@hostname, @@port, @@datadir, @@pid_file)";
    private const string DirtyPagesPct = "SELECT @@GLOBAL.innodb_max_dirty_pages_pct";
    private const string DirtyPagesLowWaterMark = "SELECT @@GLOBAL.innodb_max_dirty_pages_pct_lwm";
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
        if (Environment.UserName != "root" && await CommandRun.RunAsync("sudo", ["-n", "true"]) is { ExitCode: not 0 })
        {
            return new ServerSettling(database, "neither root nor sudo without a password");
        }

        var benchServer = await database.ScalarTextAsync(Identity);
        string? rootServer;
        try
        {
            rootServer = await RootScalarAsync(Identity);
        }
        catch (InvalidOperationException failed)
        {
            return new ServerSettling(database, "no root access to the local server: " + failed.Message);
        }

        if (rootServer != benchServer)
        {
            return new ServerSettling(database, $"the local server as root ({rootServer}) is not the benchmark's ({benchServer})");
        }

        // 0 is what a run stopped while settling leaves behind; the server's default is what it had before.
        if (await database.ScalarTextAsync(DirtyPagesPct) is { } current && double.Parse(current, CultureInfo.InvariantCulture) == 0)
        {
            await RootScalarAsync("SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT");
            await RootScalarAsync("SET GLOBAL innodb_max_dirty_pages_pct_lwm = DEFAULT");
            Console.WriteLine("server state: innodb_max_dirty_pages_pct was 0, left by an interrupted run; it and its low-water mark set back to their defaults");
        }

        return new ServerSettling(database, null);
    }

    /// <summary>
    /// Flushes every dirty page and waits for the checkpoint to catch up; says how long it took, or that it did not
    /// finish in time (the phase then runs anyway). Empty when the server cannot be settled.
    /// </summary>
    public async Task<string> SettleAsync()
    {
        if (Unavailable is not null)
        {
            return string.Empty;
        }

        var started = Stopwatch.StartNew();
        // Read as any user may; only setting it takes root.
        var before = await _database.ScalarTextAsync(DirtyPagesPct)
            ?? throw new InvalidOperationException("the server did not say its innodb_max_dirty_pages_pct");
        var restore = double.Parse(before, CultureInfo.InvariantCulture);
        // The server lowers the low-water mark to the new maximum (0) and leaves it there when the maximum goes back.
        var restoreLowWaterMark = double.Parse(
            await _database.ScalarTextAsync(DirtyPagesLowWaterMark) ?? throw new InvalidOperationException("the server did not say its innodb_max_dirty_pages_pct_lwm"),
            CultureInfo.InvariantCulture);
        await RootScalarAsync("SET GLOBAL innodb_max_dirty_pages_pct = 0");
        try
        {
            while (true)
            {
                var (dirty, checkpointAge) = await _database.FlushStateAsync();
                // A checkpoint age of a few hundred bytes is what an idle, fully flushed server shows.
                if (dirty == 0 && checkpointAge < 1024 * 1024)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"server settled in {started.Elapsed.TotalSeconds:0.0} s");
                }

                if (started.Elapsed > Patience)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"server NOT settled within {Patience.TotalSeconds:0} s ({dirty:N0} dirty pages, checkpoint age {checkpointAge / 1048576.0:0.0} MiB)");
                }

                await Task.Delay(200);
            }
        }
        finally
        {
            // Only a number the server itself gave reaches the statement.
            try
            {
                await RootScalarAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL innodb_max_dirty_pages_pct = {restore}"));
            }
            finally
            {
                await RootScalarAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL innodb_max_dirty_pages_pct_lwm = {restoreLowWaterMark}"));
            }
        }
    }

    /// <summary>Runs one statement as the local server's root (scripts/mariadb.sh sql); its last output line, if any.</summary>
    private static async Task<string?> RootScalarAsync(string sql)
    {
        var run = await CommandRun.RunAsync("bash", [Path.Combine(RepositoryPaths.Root(), "scripts", "mariadb.sh"), "sql", sql]);
        return run.ExitCode == 0
            ? run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            : throw new InvalidOperationException($"scripts/mariadb.sh sql exited with {run.ExitCode}: {run.Errors.Trim()}");
    }
}
