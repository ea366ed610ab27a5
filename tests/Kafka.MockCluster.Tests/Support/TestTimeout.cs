namespace Kafka.MockCluster.Tests.Support;

/// <summary>Bounds a test: its token is cancelled after the limit, so a hang fails the test instead of CI.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Start(TimeSpan limit) => new(limit);

    public static CancellationTokenSource Seconds(int seconds) => new(TimeSpan.FromSeconds(seconds));
}
