namespace Recorder.Infrastructure.Persistence.Migrations;

/// <summary>The outcome of one migration run, printed by the migrate command.</summary>
public sealed record MigrationReport(string ServerVersion, SchemaSnapshot Before, SchemaSnapshot After)
{
    public IReadOnlyList<string> Changes { get; } = After.ChangesSince(Before);

    public bool ChangedAnything => Changes.Count > 0;
}
