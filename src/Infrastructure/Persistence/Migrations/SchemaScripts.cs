using System.Reflection;

namespace Recorder.Infrastructure.Persistence.Migrations;

/// <summary>The db/*.sql scripts, embedded so a deployed binary migrates without the source tree.</summary>
internal static class SchemaScripts
{
    public static string Create => Read("Recorder.Db.create.sql");

    public static string Migrate => Read("Recorder.Db.migrate.sql");

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema script {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
