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

    /// <summary>A program of this repository built in Release (the benchmark project builds them first).</summary>
    public static string ReleaseProgram(string projectDirectory, string assembly)
    {
        var path = Path.Combine(Root(), projectDirectory, "bin", "Release", "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new ArgumentException($"{path} is missing: build the solution in Release first (dotnet build -c Release Recorder.sln)");
    }
}
