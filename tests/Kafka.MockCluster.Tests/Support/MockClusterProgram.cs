using System.Diagnostics;
using Kafka.MockCluster.Hosting;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>The Kafka.MockCluster program running as a child process, as a demo or CI script would run it.</summary>
internal sealed class MockClusterProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _errors;

    private MockClusterProgram(Process process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
        _errors = process.StandardError.ReadToEndAsync();
    }

    public string BootstrapServers { get; }

    public int ProcessId => _process.Id;

    /// <summary>The program's own assembly, copied next to the tests by the project reference.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Kafka.MockCluster.dll");

    /// <summary>The dotnet host running the tests, which also runs the program.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Starts the program and waits for its "listening on" line.</summary>
    public static async Task<MockClusterProgram> StartAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        // A test host started in the background by a non-interactive shell ignores SIGINT, and children inherit
        // that: env resets the disposition so the program sees SIGINT as it would from a terminal.
        var startInfo = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--default-signal=INT,TERM");
        startInfo.ArgumentList.Add(DotnetHost);
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Cannot start the program.");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException("The program exited before it was ready: " + await process.StandardError.ReadToEndAsync(cancellationToken));
            Assert.StartsWith(MockClusterHost.ReadyPrefix, line, StringComparison.Ordinal);
            return new MockClusterProgram(process, line[MockClusterHost.ReadyPrefix.Length..]);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="signal"/> and returns the exit code and everything written to stderr.</summary>
    public async Task<(int ExitCode, string Errors)> StopAsync(int signal, CancellationToken cancellationToken)
    {
        Posix.Signal(_process.Id, signal);
        await _process.WaitForExitAsync(cancellationToken);
        return (_process.ExitCode, await _errors.WaitAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
