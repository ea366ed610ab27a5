namespace Recorder.UnitTests.Tracing;

/// <summary>
/// Tests that listen to the recorder's sources run one at a time: an <c>ActivitySource</c> asks every listener in the
/// process, and the most generous answer wins, so one test's listener would change another's sampling.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingListenersCollection
{
    public const string Name = "tracing listeners";
}
