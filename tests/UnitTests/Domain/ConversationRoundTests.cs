using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Domain;

public class ConversationRoundTests
{
    private static readonly DateTime Occurred = new(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);

    private static IReadOnlyList<ConversationRecord> Rows(params QaPair[] pairs) =>
        new ConversationRound("user-1", Occurred, pairs).ToRecords();

    [Fact]
    public void Each_pair_becomes_a_user_row_then_an_ai_row_in_pair_order()
    {
        var rows = Rows(new QaPair("q1", "a1"), new QaPair("q2", "a2"));

        Assert.Equal(
            [(RecordSource.User, "q1"), (RecordSource.Ai, "a1"), (RecordSource.User, "q2"), (RecordSource.Ai, "a2")],
            rows.Select(r => (r.Source, r.Content)));
    }

    [Fact]
    public void Rows_come_as_an_array_exactly_as_long_as_the_non_blank_sides()
    {
        // The writer keeps an array as it is instead of copying it; a blank side must not leave a null slot behind.
        var rows = Assert.IsType<ConversationRecord[]>(Rows(new QaPair("q1", " "), new QaPair(null, "a2"), new QaPair("q3", "a3")));

        Assert.Equal(["q1", "a2", "q3", "a3"], rows.Select(r => r.Content));
    }

    [Fact]
    public void Text_is_trimmed_including_unicode_whitespace()
    {
        var rows = Rows(new QaPair("  hello \t\n", "\u3000你好\u3000"));

        Assert.Equal(["hello", "你好"], rows.Select(r => r.Content));
    }

    [Fact]
    public void Inner_whitespace_is_kept()
    {
        var rows = Rows(new QaPair(" a  b\nc ", null));

        Assert.Equal("a  b\nc", Assert.Single(rows).Content);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void A_blank_question_is_skipped_but_its_answer_kept(string? question)
    {
        var row = Assert.Single(Rows(new QaPair(question, "answer")));

        Assert.Equal(RecordSource.Ai, row.Source);
        Assert.Equal("answer", row.Content);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u00A0 ")]
    public void A_blank_answer_is_skipped_but_its_question_kept(string? answer)
    {
        var row = Assert.Single(Rows(new QaPair("question", answer)));

        Assert.Equal(RecordSource.User, row.Source);
        Assert.Equal("question", row.Content);
    }

    [Fact]
    public void A_round_without_any_text_yields_no_rows()
    {
        Assert.Empty(Rows(new QaPair(" ", null), new QaPair("", "\t")));
    }

    [Fact]
    public void A_round_without_pairs_yields_no_rows()
    {
        Assert.Empty(Rows());
    }

    [Fact]
    public void Every_row_shares_the_user_and_the_rounds_occurred()
    {
        var rows = Rows(new QaPair("q1", "a1"), new QaPair("q2", null), new QaPair(null, "a3"));

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("user-1", r.UserId);
            Assert.Equal(Occurred, r.Occurred);
            Assert.Equal(DateTimeKind.Utc, r.Occurred.Kind);
        });
    }

    [Fact]
    public void Occurred_is_normalised_to_utc_milliseconds()
    {
        var local = new DateTimeOffset(2024, 5, 6, 15, 8, 9, TimeSpan.FromHours(8)).AddTicks(1_234_567).LocalDateTime;

        var round = new ConversationRound("u", local, [new QaPair("q", "a")]);

        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), round.Occurred);
        Assert.All(round.ToRecords(), r => Assert.Equal(round.Occurred, r.Occurred));
    }

    [Fact]
    public void Identical_text_in_one_round_still_yields_one_row_per_occurrence()
    {
        // Deduplication is the storage key's job; the round reports what was said.
        var rows = Rows(new QaPair("hi", "hi"), new QaPair("hi", "hi"));

        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void A_null_pair_is_rejected()
    {
        var round = new ConversationRound("u", Occurred, [new QaPair("q", "a"), null!]);

        Assert.Throws<InvalidOperationException>(() => round.ToRecords());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_user_id_is_rejected(string userId)
    {
        Assert.Throws<ArgumentException>(() => new ConversationRound(userId, Occurred, []));
    }

    [Fact]
    public void A_user_id_over_64_characters_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ConversationRound(new string('u', 65), Occurred, []));
    }

    [Fact]
    public void Null_pairs_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ConversationRound("u", Occurred, null!));
    }
}
