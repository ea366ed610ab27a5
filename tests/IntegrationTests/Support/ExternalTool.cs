using System.Diagnostics;

namespace Recorder.IntegrationTests.Support;

/// <summary>Runs a program of the machine (promtool, prometheus) that scripts/setup.sh installs from Debian's packages.</summary>
internal static class ExternalTool
{
    /// <summary>The program's path; fails with what to install when it is missing.</summary>
    public static string Require(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's '{package}' package (bash scripts/setup.sh does).");
        return path;
    }

    /// <summary>Runs to completion; returns the exit code and stdout + stderr together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
