using System.Diagnostics;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Stops and starts the machine's MariaDB server through scripts/mariadb.sh, and runs server-wide statements as the
/// server's root over the unix socket (root, or sudo).
/// </summary>
internal static class MariaDbServer
{
    public static Task StopAsync() => RunAsync("stop");

    public static Task StartAsync() => RunAsync("start");

    /// <summary>Runs <paramref name="sql"/> as root, e.g. to change a global variable for one test.</summary>
    public static Task ExecuteAsRootAsync(string sql) => RunAsync("sql", sql);

    private static async Task RunAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "mariadb.sh");
        var verb = arguments[0];
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("could not start bash");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"scripts/mariadb.sh {verb} failed ({process.ExitCode}): {error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Recorder.sln not found above " + AppContext.BaseDirectory);
    }
}
