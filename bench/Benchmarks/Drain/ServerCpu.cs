using System.Diagnostics;

namespace Recorder.Benchmarks.Drain;

/// <summary>
/// The CPU time the database server has used, when it runs on this machine. A drain below the ceiling is either the
/// server spending more per row than it does for the <c>mariadb</c> client, or the server left waiting by the
/// recorder; its CPU per row and how busy it was tell the two apart, which the recorder's own CPU cannot (cutting
/// that by a third did not speed the drain up until the recorder also had more slots per partition).
/// </summary>
internal sealed class ServerCpu : IDisposable
{
    private readonly Process? _server;

    private ServerCpu(Process? server) => _server = server;

    /// <summary>Why the server's CPU is not measured, or null when it is.</summary>
    public string? Unavailable { get; private init; }

    /// <summary>
    /// Finds the server through its <c>@@pid_file</c>. A server elsewhere (or in another PID namespace, where the
    /// number names some other process) is not measured; nor is one whose pid file this user may not read.
    /// </summary>
    public static async Task<ServerCpu> LocateAsync(BenchDatabase database)
    {
        var pidFile = await database.ServerPidFileAsync();
        if (string.IsNullOrEmpty(pidFile) || !File.Exists(pidFile))
        {
            return new ServerCpu(null) { Unavailable = "the server's pid file is not on this machine" };
        }

        string text;
        try
        {
            text = File.ReadAllText(pidFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ServerCpu(null) { Unavailable = $"{pidFile} cannot be read ({ex.GetType().Name})" };
        }

        if (!int.TryParse(text.Trim(), out var pid))
        {
            return new ServerCpu(null) { Unavailable = $"{pidFile} holds no process id" };
        }

        try
        {
            var process = Process.GetProcessById(pid);
            return process.ProcessName is "mariadbd" or "mysqld"
                ? new ServerCpu(process)
                : new ServerCpu(null) { Unavailable = $"process {pid} is {process.ProcessName}, not the server" };
        }
        catch (ArgumentException)
        {
            return new ServerCpu(null) { Unavailable = $"process {pid} is not running here" };
        }
    }

    /// <summary>The server's CPU time so far (user and system), or null when not measured.</summary>
    public TimeSpan? Now()
    {
        if (_server is null)
        {
            return null;
        }

        _server.Refresh();
        return _server.TotalProcessorTime;
    }

    /// <summary>CPU time since <paramref name="since"/> (from <see cref="Now"/>), or null when not measured.</summary>
    public TimeSpan? Since(TimeSpan? since) => Now() - since;

    public void Dispose() => _server?.Dispose();
}
