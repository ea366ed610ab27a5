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
    /// Registers prometheus-net's <see cref="DotNetStats"/> (<c>process_cpu_seconds_total</c>,
    /// <c>process_start_time_seconds</c>, <c>process_working_set_bytes</c>, <c>process_virtual_memory_bytes</c>,
    /// <c>process_private_memory_bytes</c>, <c>process_open_handles</c>, <c>process_num_threads</c>,
    /// <c>dotnet_total_memory_bytes</c>, <c>dotnet_collection_count_total</c>) and
    /// <see cref="ProcessResidentMemoryBytes"/>. Call once per registry.
    /// </summary>
    public static void Register(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        DotNetStats.Register(registry);
        var resident = Metrics.WithCustomRegistry(registry).CreateGauge(ProcessResidentMemoryBytes, "Resident memory size in bytes.");
        registry.AddBeforeCollectCallback(() => resident.Set(Environment.WorkingSet));
    }
}
