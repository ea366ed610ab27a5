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
