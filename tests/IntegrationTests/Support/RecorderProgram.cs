using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// The built recorder as an operator runs it: <c>dotnet Recorder.Host.dll …</c> in a process of its own, from a copy
/// of the build output in a directory of its own, so a test may change that copy's appsettings.json. The large
/// native-library folders are linked rather than copied.
/// </summary>
internal sealed class RecorderProgram : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RecorderProgram(string installDirectory) => InstallDirectory = installDirectory;

    public string InstallDirectory { get; }

    /// <summary>Everything the program wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Copies the build output of src/Recorder.Host and lets <paramref name="editSettings"/> change its appsettings.json.</summary>
    public static RecorderProgram Install(Action<JsonObject> editSettings)
    {
        ArgumentNullException.ThrowIfNull(editSettings);
        var build = BuildOutput();
        var install = Directory.CreateTempSubdirectory("recorder-install-").FullName;
        foreach (var file in Directory.EnumerateFiles(build))
        {
            File.Copy(file, Path.Combine(install, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(build))
        {
            Directory.CreateSymbolicLink(Path.Combine(install, Path.GetFileName(directory)), directory);
        }

        var settingsPath = Path.Combine(install, "appsettings.json");
        var settings = JsonNode.Parse(File.ReadAllText(settingsPath))!.AsObject();
        editSettings(settings);
        File.WriteAllText(settingsPath, settings.ToJsonString());
        return new RecorderProgram(install);
    }

    /// <summary>Starts <c>dotnet Recorder.Host.dll</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public void Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(InstallDirectory, "Recorder.Host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing inherited from the test run may stand in for the settings file.
        foreach (var inherited in new[] { "URLS", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "Logging__LogLevel__Default" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGTERM, as an orchestrator stops it, then waits for the exit (and the last log lines).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the program to end by itself (and for its last output lines).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        Directory.Delete(InstallDirectory, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>src/Recorder.Host/bin/&lt;configuration&gt;/&lt;framework&gt;, from where this test assembly runs.</summary>
    private static string BuildOutput()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Recorder.sln")))
        {
            root = root.Parent;
        }

        var build = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Recorder.sln not found above the test output."),
            "src", "Recorder.Host", "bin", configuration, framework);
        return File.Exists(Path.Combine(build, "Recorder.Host.dll"))
            ? build
            : throw new InvalidOperationException($"Build the solution first: {build} has no Recorder.Host.dll.");
    }
}
