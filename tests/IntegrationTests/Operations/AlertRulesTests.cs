using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Operations;

/// <summary>
/// ops/prometheus/recorder-alerts.yml as promtool sees it (<c>check rules</c>, and the unit tests of
/// recorder-alerts.test.yml through <c>test rules</c>), and the conventions the rule file keeps: every alert has a
/// severity, a summary, a description and a runbook entry in the README, and test cases that fire and that do not.
/// </summary>
public sealed class AlertRulesTests
{
    private const string Promtool = "/usr/bin/promtool";
    private static readonly TimeSpan PromtoolTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Promtool_accepts_the_rule_file()
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            ExternalTool.Require(Promtool, "prometheus"), AlertRuleFiles.Directory, PromtoolTimeout, "check", "rules", AlertRuleFiles.RuleFileName);

        Assert.True(exitCode == 0, $"promtool check rules failed ({exitCode}):\n{output}");
        Assert.Contains($"SUCCESS: {AlertRuleFiles.Alerts().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_promtool_unit_test_of_the_rules_passes()
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            ExternalTool.Require(Promtool, "prometheus"), AlertRuleFiles.Directory, PromtoolTimeout, "test", "rules", AlertRuleFiles.TestFileName);

        Assert.True(exitCode == 0, $"promtool test rules failed ({exitCode}):\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_test_case_that_fires_and_one_that_does_not()
    {
        var alerts = AlertRuleFiles.Alerts();
        var cases = AlertRuleFiles.TestCases();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert =>
        {
            Assert.True(cases[alert.Name].Contains(true), $"{alert.Name} has no test case in which it fires");
            Assert.True(cases[alert.Name].Contains(false), $"{alert.Name} has no test case in which it stays silent");
        });
        Assert.All(cases, tested => Assert.True(alerts.Any(a => a.Name == tested.Key), $"the tests name {tested.Key}, which is not an alert"));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_a_runbook_entry_in_the_README()
    {
        var readmeAnchors = MarkdownAnchors.Of(RepositoryFiles.PathOf("README.md"));

        Assert.All(AlertRuleFiles.Alerts(), alert =>
        {
            Assert.True(alert.Severity is "critical" or "warning", $"{alert.Name}: severity is '{alert.Severity}', not critical or warning");
            Assert.True(alert.HasAnnotation("summary"), $"{alert.Name} has no summary");
            Assert.True(alert.HasAnnotation("description"), $"{alert.Name} has no description");
            Assert.True(alert.RunbookAnchor is not null, $"{alert.Name}: runbook_url is not \"README.md#runbook-…\"");
            Assert.StartsWith("runbook-", alert.RunbookAnchor, StringComparison.Ordinal);
            Assert.True(readmeAnchors.Contains(alert.RunbookAnchor!), $"{alert.Name}: README.md has no heading with the anchor #{alert.RunbookAnchor}");
        });
    }
}
