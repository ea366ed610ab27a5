using System.Text.Json;

namespace Recorder.IntegrationTests.Support;

/// <summary>The PromQL of a Grafana dashboard's panels, with Grafana's variables replaced so Prometheus can run it.</summary>
internal static class GrafanaDashboard
{
    /// <summary>What each variable stands for in a query: fixed windows, the job of the README, every instance.</summary>
    private static readonly (string Variable, string Value)[] Substitutions =
    [
        ("$__rate_interval", "1m"),
        ("${__rate_interval}", "1m"),
        ("$__interval", "1m"),
        ("${__interval}", "1m"),
        ("$__range", "5m"),
        ("${__range}", "5m"),
        ("${job}", "qywx-recorder"),
        ("$job", "qywx-recorder"),
        ("${instance}", ".*"),
        ("$instance", ".*"),
    ];

    /// <summary>Every panel target's expression (nested rows included), as written.</summary>
    public static IReadOnlyList<Target> Targets(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var targets = new List<Target>();
        Collect(json.RootElement, panelTitle: null, targets);
        return targets;
    }

    /// <summary>The expression with every known variable replaced; fails on one it does not know.</summary>
    public static string Runnable(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        foreach (var (variable, value) in Substitutions)
        {
            expression = expression.Replace(variable, value, StringComparison.Ordinal);
        }

        Assert.False(expression.Contains('$', StringComparison.Ordinal), $"unknown Grafana variable in: {expression}");
        return expression;
    }

    private static void Collect(JsonElement element, string? panelTitle, List<Target> targets)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var title = element.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : panelTitle;
                if (element.TryGetProperty("targets", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var target in list.EnumerateArray())
                    {
                        if (target.TryGetProperty("expr", out var expr))
                        {
                            targets.Add(new Target(title ?? "(untitled)", target.GetProperty("refId").GetString()!, expr.GetString()!));
                        }
                    }
                }

                foreach (var property in element.EnumerateObject().Where(p => p.Name != "targets"))
                {
                    Collect(property.Value, title, targets);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, panelTitle, targets);
                }

                break;
        }
    }

    internal sealed record Target(string Panel, string RefId, string Expression)
    {
        public override string ToString() => $"{Panel} / {RefId}: {Expression}";
    }
}
