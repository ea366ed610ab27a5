using System.Collections.Concurrent;

namespace Recorder.IntegrationTests.Support;

/// <summary>Keeps every progress report, synchronously (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}
