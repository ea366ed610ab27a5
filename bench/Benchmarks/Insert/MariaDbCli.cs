using System.Diagnostics;
using System.Globalization;
using MySqlConnector;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// Runs the mariadb command-line client on a SQL file, the way an operator would:
/// <c>mariadb --protocol=tcp -h HOST -P PORT -u USER DATABASE &lt; FILE</c>, with the password in MYSQL_PWD (never on
/// the command line) and utf8mb4 (its "auto" default follows the locale, which can mean utf8mb3).
/// </summary>
internal sealed class MariaDbCli(MySqlConnectionStringBuilder connection)
{
    /// <summary>Feeds the file to the client through the shell's redirection, so this process adds nothing.</summary>
    public async Task<TimeSpan> RunFileAsync(string sqlFile)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec mariadb --protocol=tcp --local-infile=1 --default-character-set=utf8mb4 -h \"$1\" -P \"$2\" -u \"$3\" \"$4\" < \"$5\"");
        start.ArgumentList.Add("mariadb-cli");
        start.ArgumentList.Add(connection.Server);
        start.ArgumentList.Add(connection.Port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(connection.UserID);
        start.ArgumentList.Add(connection.Database);
        start.ArgumentList.Add(sqlFile);
        start.Environment["MYSQL_PWD"] = connection.Password;

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the mariadb client");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb exited with {process.ExitCode}: {(await errors).Trim()}");
        }

        await output;
        return stopwatch.Elapsed;
    }
}
