using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Recorder.IntegrationTests.Support;

/// <summary>Keeps log lines so a failing assertion can show what the component said.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }

    public override string ToString() => string.Join("\n", Lines);
}
