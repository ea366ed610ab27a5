using Recorder.Host.Commands;

namespace Recorder.IntegrationTests.Lifecycle;

/// <summary>How `purge` and `forget` read their command lines. No database needed.</summary>
public sealed class DataCommandArgumentsTests
{
    [Theory]
    [InlineData("30d", "30.00:00:00")]
    [InlineData("12h", "12:00:00")]
    [InlineData("90m", "01:30:00")]
    [InlineData("36500d", "36500.00:00:00")]
    [InlineData("01:30:00", "01:30:00")]
    [InlineData("1:30:00", "01:30:00")]
    [InlineData("2.03:04:05", "2.03:04:05")]
    [InlineData("365.00:00:00", "365.00:00:00")]
    public void Retention_is_read_in_the_documented_forms(string text, string expected)
    {
        Assert.True(DurationArgument.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), duration);
    }

    [Theory]
    [InlineData("30")]          // days or minutes? refused rather than guessed
    [InlineData("")]
    [InlineData("30 d")]
    [InlineData("30D")]
    [InlineData("1w")]
    [InlineData("-5d")]
    [InlineData("1.5d")]
    [InlineData("24:00:00")]
    [InlineData("01:60:00")]
    [InlineData("1:5:00")]
    [InlineData("99999999999d")]
    [InlineData("P30D")]
    public void Anything_else_is_not_a_retention(string text) => Assert.False(DurationArgument.TryParse(text, out _));

    [Fact]
    public void A_purge_command_line_becomes_a_command_with_defaults()
    {
        var purge = PurgeCommand.Parse(["--older-than", "30d"]);
        var custom = PurgeCommand.Parse(["--older-than=12h", "--batch=500", "--dry-run"]);

        Assert.Equal((TimeSpan.FromDays(30), 1_000, false), (purge.OlderThan, purge.BatchRows, purge.DryRun));
        Assert.Equal((TimeSpan.FromHours(12), 500, true), (custom.OlderThan, custom.BatchRows, custom.DryRun));
    }

    [Theory]
    [InlineData("--older-than 30d --dryrun", "unknown option '--dryrun'")] // a typo must not become a real deletion
    [InlineData("--dry-run", "--older-than is required")]
    [InlineData("--older-than", "--older-than needs a value")]
    [InlineData("--older-than 30", "is not a duration")]
    [InlineData("--older-than 30d --batch lots", "not a whole number")]
    [InlineData("--older-than 30d --batch -5", "not a whole number")]
    [InlineData("--older-than 30d --dry-run=false", "--dry-run takes no value")]
    [InlineData("--older-than 30d --older-than 60d", "given twice")]
    [InlineData("--older-than 30d extra", "unexpected argument 'extra'")]
    [InlineData("--older-than 30d --Persistence:ServerVersion=8.0.36-mysql", "unknown option")]
    public void A_purge_command_line_that_cannot_be_meant_is_refused(string line, string reason)
    {
        var error = Assert.Throws<CommandLineException>(() => PurgeCommand.Parse(line.Split(' ')));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pad ")]
    [InlineData(" leading")]
    [InlineData("-dash-first")]
    [InlineData("a=b")]
    public void A_user_id_is_taken_exactly_as_written(string userId)
    {
        Assert.Equal(userId, ForgetCommand.Parse(["--user", userId]).UserId);
        Assert.Equal(userId, ForgetCommand.Parse(["--user=" + userId, "--batch", "50"]).UserId);
    }

    [Fact]
    public void Forget_needs_a_user() =>
        Assert.Contains("--user is required", Assert.Throws<CommandLineException>(() => ForgetCommand.Parse(["--dry-run"])).Message, StringComparison.Ordinal);
}
