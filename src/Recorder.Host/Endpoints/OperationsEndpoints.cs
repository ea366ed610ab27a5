using Recorder.Host.Health;
using Recorder.Infrastructure.Observability;

namespace Recorder.Host.Endpoints;

/// <summary>/metrics (Prometheus text format), /healthz (process alive) and /readyz (able to record).</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, PrometheusTextExporter exporter) =>
        {
            context.Response.ContentType = PrometheusTextExporter.ContentType;
            await exporter.WriteAsync(context.Response.Body, context.RequestAborted);
        });

        app.MapGet("/healthz", () => Results.Text("ok\n"));

        app.MapGet("/readyz", async (ReadinessProbe probe, CancellationToken cancellationToken) =>
        {
            var report = await probe.CheckAsync(cancellationToken);
            return Results.Json(report, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
