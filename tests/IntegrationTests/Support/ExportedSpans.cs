using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Recorder.Infrastructure.Observability.Tracing;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// The spans an in-memory exporter received, through the recorder's own tracing registration. Exporters run on
/// whichever thread ends a span, so the list is locked. Listening is process-wide: it sees the spans of every
/// recorder and producer in this process while it lives.
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>, IAsyncDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();
    private ServiceProvider? _provider;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>Registers tracing as the hosts do, with this list as the exporter, and starts listening.</summary>
    public static ExportedSpans Start()
    {
        var spans = new ExportedSpans();
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddRecorderTracing(configuration, "integration-test", tracing => tracing.AddInMemoryExporter(spans));
        spans._provider = services.BuildServiceProvider();
        _ = spans._provider.GetRequiredService<TracerProvider>();
        return spans;
    }

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. _spans];
        }
    }

    /// <summary>Polls until <paramref name="complete"/> holds for the spans exported so far; fails on timeout.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(Func<IReadOnlyList<Activity>, bool> complete, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Snapshot();
            if (complete(spans))
            {
                return spans;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what}: not there after {timeout.TotalSeconds} s; exported: "
                + string.Join(", ", spans.Select(s => s.OperationName).Distinct()));
            await Task.Delay(100);
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}
