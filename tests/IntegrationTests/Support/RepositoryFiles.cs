namespace Recorder.IntegrationTests.Support;

/// <summary>Files of the repository the tests run from (the directory holding Recorder.sln above the test output).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recorder.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Recorder.sln not found above " + AppContext.BaseDirectory);
    }
}
