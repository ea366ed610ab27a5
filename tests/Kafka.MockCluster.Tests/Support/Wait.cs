namespace Kafka.MockCluster.Tests.Support;

internal static class Wait
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="condition"/> holds; the test's timeout bounds the wait.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, CancellationToken testTimeout)
    {
        while (!condition())
        {
            try
            {
                await Task.Delay(CheckInterval, testTimeout);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
        }
    }
}
