using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Domain;

public class ConversationRecordTests
{
    private static readonly DateTime Occurred = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Keeps_its_values()
    {
        var record = new ConversationRecord("user", RecordSource.Ai, "text", Occurred);

        Assert.Equal("user", record.UserId);
        Assert.Equal(RecordSource.Ai, record.Source);
        Assert.Equal("text", record.Content);
        Assert.Equal(Occurred, record.Occurred);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Requires_a_user_id(string? userId)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ConversationRecord(userId!, RecordSource.User, "x", Occurred));
    }

    [Fact]
    public void Accepts_a_user_id_of_exactly_64_characters()
    {
        var record = new ConversationRecord(new string('a', 64), RecordSource.User, "x", Occurred);

        Assert.Equal(64, record.UserId.Length);
    }

    [Fact]
    public void Rejects_a_user_id_of_65_characters()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new ConversationRecord(new string('a', 65), RecordSource.User, "x", Occurred));

        Assert.Equal("userId", ex.ParamName);
    }

    [Fact]
    public void Counts_user_id_length_in_characters_as_the_database_does()
    {
        // 64 emoji are 128 UTF-16 units but 64 characters in utf8mb4.
        var userId = string.Concat(Enumerable.Repeat("😀", 64));

        var record = new ConversationRecord(userId, RecordSource.User, "x", Occurred);

        Assert.Equal(userId, record.UserId);
        Assert.Throws<ArgumentException>(() => new ConversationRecord(userId + "😀", RecordSource.User, "x", Occurred));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Requires_content(string? content)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ConversationRecord("u", RecordSource.User, content!, Occurred));
    }

    [Fact]
    public void Rejects_an_undefined_source()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationRecord("u", (RecordSource)7, "x", Occurred));
    }

    [Fact]
    public void Rejects_content_larger_than_mediumtext()
    {
        // Each CJK character is three bytes of UTF-8.
        var content = new string('中', (RoundLimits.MaxContentBytes / 3) + 1);

        Assert.Throws<ArgumentException>(() => new ConversationRecord("u", RecordSource.Ai, content, Occurred));
    }

    [Fact]
    public void Accepts_content_of_exactly_mediumtext_size()
    {
        var content = new string('x', RoundLimits.MaxContentBytes);

        var record = new ConversationRecord("u", RecordSource.Ai, content, Occurred);

        Assert.Equal(RoundLimits.MaxContentBytes, record.Content.Length);
    }

    [Fact]
    public void Rejects_content_with_an_unpaired_surrogate()
    {
        Assert.Throws<ArgumentException>(
            () => new ConversationRecord("u", RecordSource.Ai, "broken " + Text.LoneHigh, Occurred));
    }

    [Fact]
    public void Truncates_occurred_to_milliseconds_in_utc()
    {
        var precise = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9_999);

        var record = new ConversationRecord("u", RecordSource.User, "x", precise);

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), record.Occurred);
        Assert.Equal(DateTimeKind.Utc, record.Occurred.Kind);
    }

    [Fact]
    public void Treats_an_unspecified_kind_as_utc()
    {
        var unspecified = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);

        var record = new ConversationRecord("u", RecordSource.User, "x", unspecified);

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), record.Occurred);
    }

    [Fact]
    public void Converts_local_time_to_utc()
    {
        var utc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        var record = new ConversationRecord("u", RecordSource.User, "x", utc.ToLocalTime());

        Assert.Equal(utc, record.Occurred);
    }

    [Fact]
    public void Rejects_an_occurred_before_the_earliest_datetime()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConversationRecord("u", RecordSource.User, "x", new DateTime(999, 12, 31, 0, 0, 0, DateTimeKind.Utc)));
    }
}
