using System.Text.RegularExpressions;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Reads ops/prometheus/recorder-alerts.yml and its promtool test file line by line, as they are written (the test
/// project has no YAML parser, and the files keep to a plain layout): alerts with their severity and annotations,
/// and which alerts have test cases that fire or stay silent.
/// </summary>
internal static partial class AlertRuleFiles
{
    public static string Directory { get; } = RepositoryFiles.PathOf("ops", "prometheus");

    public const string RuleFileName = "recorder-alerts.yml";

    public const string TestFileName = "recorder-alerts.test.yml";

    public static string RuleFile => Path.Combine(Directory, RuleFileName);

    public static string TestFile => Path.Combine(Directory, TestFileName);

    /// <summary>Each alert's name and the lines of its rule (up to the next alert).</summary>
    public static IReadOnlyList<AlertRule> Alerts()
    {
        var alerts = new List<AlertRule>();
        foreach (var line in File.ReadLines(RuleFile))
        {
            if (AlertLine().Match(line) is { Success: true } alert)
            {
                alerts.Add(new AlertRule(alert.Groups[1].Value));
            }
            else if (alerts.Count > 0)
            {
                alerts[^1].Lines.Add(line.Trim());
            }
        }

        return alerts;
    }

    /// <summary>
    /// Per alert name, the kinds of its test cases: true for a case that expects alerts, false for
    /// <c>exp_alerts: []</c>. A case must state <c>exp_alerts</c> on the line after <c>alertname</c>.
    /// </summary>
    public static ILookup<string, bool> TestCases()
    {
        var lines = File.ReadLines(TestFile)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var cases = new List<(string Alert, bool Fires)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (AlertNameLine().Match(lines[i]) is not { Success: true } name)
            {
                continue;
            }

            var next = i + 1 < lines.Count ? lines[i + 1] : string.Empty;
            Assert.True(next.StartsWith("exp_alerts:", StringComparison.Ordinal),
                $"{TestFileName}: write exp_alerts on the line after 'alertname: {name.Groups[1].Value}' (found '{next}')");
            var fires = next != "exp_alerts: []";
            Assert.True(!fires || (i + 2 < lines.Count && lines[i + 2].StartsWith("- exp_labels:", StringComparison.Ordinal)),
                $"{TestFileName}: a firing case of {name.Groups[1].Value} lists its alerts with exp_labels");
            cases.Add((name.Groups[1].Value, fires));
        }

        return cases.ToLookup(c => c.Alert, c => c.Fires);
    }

    [GeneratedRegex(@"^\s*- alert:\s*(\S+)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^alertname:\s*(\S+)$")]
    private static partial Regex AlertNameLine();

    [GeneratedRegex(@"^runbook_url:\s*""README\.md#([a-z0-9-]+)""$")]
    private static partial Regex RunbookLine();

    [GeneratedRegex(@"^severity:\s*(\S+)$")]
    private static partial Regex SeverityLine();

    internal sealed class AlertRule(string name)
    {
        public string Name { get; } = name;

        public List<string> Lines { get; } = [];

        public string? Severity => Lines.Select(l => SeverityLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

        /// <summary>The README anchor of <c>runbook_url</c>, or null when it does not point into README.md.</summary>
        public string? RunbookAnchor => Lines.Select(l => RunbookLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

        public bool HasAnnotation(string name) => Lines.Any(l => l.StartsWith(name + ": \"", StringComparison.Ordinal) && l.Length > name.Length + 4);

        public override string ToString() => Name;
    }
}
