using Prometheus;

namespace Recorder.Infrastructure.Observability;

/// <summary>The standard process and .NET runtime metrics of one registry.</summary>
public static class StandardMetrics
{
    /// <summary>
    /// Resident set size, under the name the other Prometheus clients (Go, Java, Python) and most dashboards use;
    /// prometheus-net itself only exports it as <c>process_working_set_bytes</c>.
    /// </summary>
    public const string ProcessResidentMemoryBytes = "process_resident_memory_bytes";

    /// <summary>
    /// Time the garbage collector held every managed thread still, since start. While it does, the recorder neither
    /// decodes nor streams rows, so a MySQL statement already under way waits for it; a share of the wall clock that
    /// grows with the backlog means the in-flight rounds (what every collection has to keep) are too many.
    /// </summary>
    public const string GcPauseSeconds = "dotnet_gc_pause_seconds_total";

    /// <summary>Bytes allocated on the managed heap since start: divided by the rounds stored, the cost per round.</summary>
    public const string GcAllocatedBytes = "dotnet_gc_allocated_bytes_total";

    /// <summary>
    /// Registers prometheus-net's <see cref="DotNetStats"/> (<c>process_cpu_seconds_total</c>,
    /// <c>process_start_time_seconds</c>, <c>process_working_set_bytes</c>, <c>process_virtual_memory_bytes</c>,
    /// <c>process_private_memory_bytes</c>, <c>process_open_handles</c>, <c>process_num_threads</c>,
    /// <c>dotnet_total_memory_bytes</c>, <c>dotnet_collection_count_total</c>), <see cref="ProcessResidentMemoryBytes"/>,
    /// <see cref="GcPauseSeconds"/> and <see cref="GcAllocatedBytes"/>. Call once per registry.
    /// </summary>
    public static void Register(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        DotNetStats.Register(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var resident = factory.CreateGauge(ProcessResidentMemoryBytes, "Resident memory size in bytes.");
        var paused = factory.CreateCounter(GcPauseSeconds, "Time the garbage collector paused the process, since start.");
        var allocated = factory.CreateCounter(GcAllocatedBytes, "Bytes allocated on the managed heap, since start.");
        registry.AddBeforeCollectCallback(() =>
        {
            resident.Set(Environment.WorkingSet);
            paused.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
            allocated.IncTo(GC.GetTotalAllocatedBytes());
        });
    }
}
