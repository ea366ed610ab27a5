using FluentValidation.Results;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Application;

public class RecordQaBatchCommandValidatorTests
{
    private readonly RecordQaBatchCommandValidator _validator = new();

    private ValidationResult Validate(RecordQaBatchCommand command) => _validator.Validate(command);

    private static ValidationFailure SingleFailure(ValidationResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_well_formed_round_is_valid()
    {
        Assert.True(Validate(Commands.Valid(new QaPair("q", "a"), new QaPair(null, " "))).IsValid);
    }

    [Fact]
    public void A_round_without_pairs_is_valid()
    {
        Assert.True(Validate(Commands.Valid() with { Pairs = [] }).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void User_id_is_required(string? userId)
    {
        var failure = SingleFailure(Validate(Commands.Valid() with { UserId = userId! }));

        Assert.Equal("UserId", failure.PropertyName);
        Assert.Equal("user_id_missing", failure.ErrorCode);
    }

    [Fact]
    public void User_id_may_have_64_characters_but_not_65()
    {
        Assert.True(Validate(Commands.Valid() with { UserId = new string('u', 64) }).IsValid);

        var failure = SingleFailure(Validate(Commands.Valid() with { UserId = new string('u', 65) }));

        Assert.Equal("UserId", failure.PropertyName);
        Assert.Equal("user_id_too_long", failure.ErrorCode);
        Assert.Equal("The user id has 65 characters; the limit is 64.", failure.ErrorMessage);
    }

    [Theory]
    [InlineData(1970, 1, 1)]
    [InlineData(1999, 12, 31)]
    [InlineData(2100, 1, 1)]
    public void Occurred_is_never_a_reason_to_refuse_a_round(int year, int month, int day)
    {
        // The decoder has already replaced an implausible occurred; refusing here would dead-letter the round.
        Assert.True(Validate(Commands.Valid() with { Occurred = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) }).IsValid);
    }

    [Fact]
    public void Pairs_are_required()
    {
        var failure = SingleFailure(Validate(Commands.Valid() with { Pairs = null! }));

        Assert.Equal("Pairs", failure.PropertyName);
        Assert.Equal("pairs_missing", failure.ErrorCode);
    }

    [Fact]
    public void The_origin_is_required()
    {
        var failure = SingleFailure(Validate(Commands.Valid() with { Source = null! }));

        Assert.Equal("Source", failure.PropertyName);
    }

    [Fact]
    public void The_number_of_pairs_is_bounded()
    {
        var pair = new QaPair("q", "a");
        var atLimit = Enumerable.Repeat(pair, RoundLimits.MaxPairs).ToArray();
        Assert.True(Validate(Commands.Valid() with { Pairs = atLimit }).IsValid);

        var failure = SingleFailure(Validate(Commands.Valid() with { Pairs = [.. atLimit, pair] }));

        Assert.Equal("Pairs", failure.PropertyName);
        Assert.Equal("too_many_pairs", failure.ErrorCode);
        Assert.Equal("The round has 100001 pairs; the limit is 100000.", failure.ErrorMessage);
    }

    [Fact]
    public void A_null_pair_is_rejected_with_its_index()
    {
        var failure = SingleFailure(Validate(Commands.Valid(new QaPair("q", "a"), null!)));

        Assert.Equal("Pairs[1]", failure.PropertyName);
        Assert.Equal("pair_missing", failure.ErrorCode);
    }

    [Fact]
    public void Content_over_the_mediumtext_size_is_rejected_with_its_position()
    {
        var huge = new string('x', 16_777_216);

        var failure = SingleFailure(Validate(Commands.Valid(new QaPair("q", "a"), new QaPair("q", huge))));

        Assert.Equal("Pairs[1].A", failure.PropertyName);
        Assert.Equal("content_too_large", failure.ErrorCode);
        Assert.DoesNotContain("xxxx", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_size_is_measured_in_utf8_bytes_not_characters()
    {
        // 5,592,406 CJK characters are 16,777,218 bytes: over the limit although far fewer characters.
        var cjk = new string('中', 5_592_406);

        var failure = SingleFailure(Validate(Commands.Valid(new QaPair(cjk, "a"))));

        Assert.Equal("Pairs[0].Q", failure.PropertyName);
        Assert.True(Validate(Commands.Valid(new QaPair(cjk[..^1], "a"))).IsValid);
    }

    [Fact]
    public void Content_with_an_unpaired_surrogate_is_rejected()
    {
        var failure = SingleFailure(Validate(Commands.Valid(new QaPair("fine 😀", "broken \uD83D"))));

        Assert.Equal("Pairs[0].A", failure.PropertyName);
        Assert.Equal("content_invalid_text", failure.ErrorCode);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var command = new RecordQaBatchCommand(
            "", new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc), [null!, new QaPair("\uDC00", null)], Commands.Origin);

        var result = Validate(command);

        Assert.Equal(
            ["Pairs[0]", "Pairs[1].Q", "UserId"],
            result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }
}
