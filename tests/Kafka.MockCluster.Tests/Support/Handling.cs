namespace Kafka.MockCluster.Tests.Support;

/// <summary>What a group member does with a message it receives.</summary>
internal enum Handling
{
    /// <summary>Process it, then store and commit its offset.</summary>
    ProcessAndCommit,

    /// <summary>Process it but leave its offset uncommitted (work lost if the member leaves).</summary>
    ProcessWithoutCommit,

    /// <summary>Receive it without processing it (prefetched, never started).</summary>
    Skip,
}
