using System.Globalization;
using Prometheus;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Observability;

public class StandardMetricsTests
{
    [Fact]
    public async Task Resident_memory_is_the_processs_resident_set()
    {
        var registry = Metrics.NewCustomRegistry();
        StandardMetrics.Register(registry);

        var resident = (await Exposition.ScrapeAsync(registry))[StandardMetrics.ProcessResidentMemoryBytes].Value();

        Assert.True(resident > 0);
        // Where the kernel reports it, compare with VmRSS; virtual or managed-heap sizes would be far off.
        if (ReadVmRssBytes() is { } vmRss)
        {
            Assert.InRange(resident, vmRss / 2, vmRss * 2);
        }
    }

    [Fact]
    public async Task Resident_memory_is_read_again_at_every_scrape()
    {
        var registry = Metrics.NewCustomRegistry();
        StandardMetrics.Register(registry);
        var before = (await Exposition.ScrapeAsync(registry))[StandardMetrics.ProcessResidentMemoryBytes].Value();

        // Touch 64 MiB so the resident set must grow.
        var block = new byte[64 * 1024 * 1024];
        Array.Fill(block, (byte)1);
        var after = (await Exposition.ScrapeAsync(registry))[StandardMetrics.ProcessResidentMemoryBytes].Value();
        GC.KeepAlive(block);

        Assert.True(after > before + (16 * 1024 * 1024), $"before {before}, after {after}");
    }

    [Fact]
    public async Task Allocated_bytes_count_what_the_process_allocates_between_scrapes()
    {
        var registry = Metrics.NewCustomRegistry();
        StandardMetrics.Register(registry);
        var before = (await Exposition.ScrapeAsync(registry))[StandardMetrics.GcAllocatedBytes].Value();

        var block = new byte[8 * 1024 * 1024];
        var after = (await Exposition.ScrapeAsync(registry))[StandardMetrics.GcAllocatedBytes].Value();
        GC.KeepAlive(block);

        Assert.True(after >= before + block.Length, $"before {before}, after {after}");
    }

    [Fact]
    public async Task Gc_pause_grows_with_a_blocking_collection()
    {
        var registry = Metrics.NewCustomRegistry();
        StandardMetrics.Register(registry);
        var before = (await Exposition.ScrapeAsync(registry))[StandardMetrics.GcPauseSeconds].Value();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = (await Exposition.ScrapeAsync(registry))[StandardMetrics.GcPauseSeconds].Value();

        Assert.True(after > before, $"before {before}, after {after}");
        // Seconds, not ticks or milliseconds: one collection of a test process is far below a second.
        Assert.InRange(after - before, 1e-7, 1.0);
    }

    private static double? ReadVmRssBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null
            ? null
            : double.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }
}
