namespace Recorder.Benchmarks;

/// <summary>Finds files of this repository whether run with dotnet run from the root or from bin/.</summary>
internal static class RepositoryPaths
{
    public static string CreateSchemaScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Recorder.sln")))
                {
                    return Path.Combine(directory.FullName, "db", "create.sql");
                }
            }
        }

        throw new ArgumentException("cannot find the repository root (Recorder.sln); pass --schema path/to/create.sql");
    }
}
