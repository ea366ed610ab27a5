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
        var run = await CommandRun.RunAsync(
            "/bin/sh",
            [
                "-c",
                "exec mariadb --protocol=tcp --local-infile=1 --default-character-set=utf8mb4 -h \"$1\" -P \"$2\" -u \"$3\" \"$4\" < \"$5\"",
                "mariadb-cli",
                connection.Server,
                connection.Port.ToString(CultureInfo.InvariantCulture),
                connection.UserID,
                connection.Database,
                sqlFile,
            ],
            new Dictionary<string, string> { ["MYSQL_PWD"] = connection.Password });
        return run.ExitCode == 0
            ? run.Elapsed
            : throw new InvalidOperationException($"mariadb exited with {run.ExitCode}: {run.Errors.Trim()}");
    }
}
