using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;

namespace Recorder.UnitTests.Application;

public sealed class ErasureCommandValidatorTests
{
    private readonly PurgeOldRecordsCommandValidator _purge = new();
    private readonly ForgetUserCommandValidator _forget = new();

    [Theory]
    [InlineData("00:00:00", 1_000, "retention_not_positive")]
    [InlineData("-1.00:00:00", 1_000, "retention_not_positive")]
    [InlineData("36501.00:00:00", 1_000, "retention_too_long")]
    [InlineData("30.00:00:00", 0, "batch_out_of_range")]
    [InlineData("30.00:00:00", 10_001, "batch_out_of_range")]
    public void A_purge_with_no_sensible_retention_or_batch_is_refused(string olderThan, int batch, string code)
    {
        var result = _purge.Validate(new PurgeOldRecordsCommand(TimeSpan.Parse(olderThan, System.Globalization.CultureInfo.InvariantCulture), batch));

        Assert.Equal(code, Assert.Single(result.Errors).ErrorCode);
    }

    [Theory]
    [InlineData("00:01:00", 1)]
    [InlineData("30.00:00:00", 1_000)]
    [InlineData("36500.00:00:00", 10_000)]
    public void A_purge_within_the_bounds_is_accepted(string olderThan, int batch) =>
        Assert.True(_purge.Validate(new PurgeOldRecordsCommand(TimeSpan.Parse(olderThan, System.Globalization.CultureInfo.InvariantCulture), batch)).IsValid);

    [Theory]
    [InlineData(0, "user_id_missing")]
    [InlineData(1, "user_id_missing")]
    [InlineData(2, "user_id_invalid_text")]
    [InlineData(3, "user_id_too_long")]
    public void An_id_no_stored_row_can_have_is_refused_without_repeating_it(int index, string code)
    {
        string[] ids = ["", " \t", "ab\uDC00", new string('x', 65)];

        var failure = Assert.Single(_forget.Validate(new ForgetUserCommand(ids[index])).Errors);

        Assert.Equal(code, failure.ErrorCode);
        if (ids[index].Trim().Length > 0)
        {
            Assert.DoesNotContain(ids[index], failure.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("pad ")]
    [InlineData("-starts-with-a-dash")]
    [InlineData("用户😀")]
    public void Any_storable_id_is_accepted_as_written(string userId) =>
        Assert.True(_forget.Validate(new ForgetUserCommand(userId)).IsValid);

    [Fact]
    public void A_forget_request_does_not_show_the_user_in_its_text() =>
        Assert.DoesNotContain("secret-user", new ForgetUserCommand("secret-user").ToString(), StringComparison.Ordinal);
}
