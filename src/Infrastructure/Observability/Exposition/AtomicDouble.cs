namespace Recorder.Infrastructure.Observability.Exposition;

internal static class AtomicDouble
{
    /// <summary>Lock-free add; retries only when another thread changed the value in between.</summary>
    public static void Add(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
