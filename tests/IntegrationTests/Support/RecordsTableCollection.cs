namespace Recorder.IntegrationTests.Support;

/// <summary>Tests that create, drop or fill conversation_records run one at a time: they share that table.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RecordsTableCollection
{
    public const string Name = "conversation_records table";
}
