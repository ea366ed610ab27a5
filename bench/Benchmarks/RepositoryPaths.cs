namespace Recorder.Benchmarks;

/// <summary>Finds files of this repository whether run with dotnet run from the root or from bin/.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Recorder.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new ArgumentException("cannot find the repository root (Recorder.sln)");
    }

    public static string CreateSchemaScript() => Path.Combine(Root(), "db", "create.sql");

    private static readonly Lazy<string> Published = new(Publish);

    /// <summary>
    /// The recorder as it is deployed: published by <c>scripts/publish.sh</c> (ahead-of-time compiled) into
    /// artifacts/bench-recorder, once per run of the benchmark.
    /// </summary>
    public static string PublishedRecorder() => Published.Value;

    private static string Publish()
    {
        var output = Path.Combine(Root(), "artifacts", "bench-recorder");
        Console.WriteLine($"publishing the recorder (scripts/publish.sh) into {output}");
        using var publish = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(Root(), "scripts", "publish.sh"), output },
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("cannot start bash");
        var printed = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        var program = Path.Combine(output, "Recorder.Host.dll");
        return publish.ExitCode == 0 && File.Exists(program)
            ? program
            : throw new InvalidOperationException($"scripts/publish.sh failed (exit {publish.ExitCode}, its errors above); it printed: {printed}");
    }

    /// <summary>A program of this repository built in Release (the benchmark project builds them first).</summary>
    public static string ReleaseProgram(string projectDirectory, string assembly)
    {
        var path = Path.Combine(Root(), projectDirectory, "bin", "Release", "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new ArgumentException($"{path} is missing: build the solution in Release first (dotnet build -c Release Recorder.sln)");
    }
}
