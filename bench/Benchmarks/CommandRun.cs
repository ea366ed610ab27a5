using System.Diagnostics;

namespace Recorder.Benchmarks;

/// <summary>One run of a command to its end: its exit code, what it wrote to each stream, and how long it took.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    public static async Task<CommandRun> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        // Both streams are read while it runs, so that neither pipe fills up and stalls it.
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        stopwatch.Stop();
        return new CommandRun(process.ExitCode, await output, await errors, stopwatch.Elapsed);
    }
}
