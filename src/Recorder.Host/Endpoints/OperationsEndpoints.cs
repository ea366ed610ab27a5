using Prometheus;
using Recorder.Application.Common.Interfaces;
using Recorder.Host.Health;
using Recorder.Infrastructure.Observability;

namespace Recorder.Host.Endpoints;

/// <summary>/metrics (Prometheus text format), /healthz (process alive) and /readyz (able to record).</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this WebApplication app)
    {
        // Creating the metrics now puts every family in the first scrape, before any message or command arrives.
        _ = app.Services.GetRequiredService<RecorderMetrics>();
        _ = app.Services.GetRequiredService<ICommandMetrics>();
        app.MapMetrics(settings =>
        {
            // This host's registry, not prometheus-net's process-wide default one.
            settings.Registry = app.Services.GetRequiredService<CollectorRegistry>();
            // Always the text format 0.0.4, even for a scraper that asks for OpenMetrics: that format names a counter
            // family without "_total", and the names of docs/design.md §7 are to appear as written.
            settings.EnableOpenMetrics = false;
        }, "/metrics");

        app.MapGet("/healthz", () => Results.Text("ok\n"));

        app.MapGet("/readyz", async (ReadinessProbe probe, CancellationToken cancellationToken) =>
        {
            var report = await probe.CheckAsync(cancellationToken);
            return Results.Json(report, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
