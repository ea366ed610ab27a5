namespace Recorder.UnitTests.Kafka.Fakes;

/// <summary>
/// Waits for a condition reached by other threads. The limit only keeps a broken build from hanging; outcomes
/// never depend on it.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static void True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            Thread.Sleep(2);
        }
    }
}
