using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence.Records;

namespace Recorder.UnitTests.Recording;

public sealed class RowChunkerTests
{
    private static readonly DateTime Occurred = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rows_are_cut_into_statements_of_at_most_the_chunk_size()
    {
        var rows = Rows(701, 10);

        var chunks = RowChunker.Chunk(rows, 300, 64L * 1024 * 1024).ToList();

        Assert.Equal([300, 300, 101], chunks.Select(c => c.Count));
        Assert.Equal(rows, chunks.SelectMany(c => c));
    }

    [Fact]
    public void A_statement_stays_under_the_packet_limit_even_when_escaping_doubles_every_byte()
    {
        var rows = Rows(10, 100_000);

        var chunks = RowChunker.Chunk(rows, 300, 1_000_000).ToList();

        Assert.All(chunks, c => Assert.True(c.Sum(r => 2 * r.Content.Length) < 1_000_000));
        Assert.Equal(10, chunks.Sum(c => c.Count));
        Assert.True(chunks.Count >= 3);
    }

    [Fact]
    public void A_row_larger_than_the_budget_still_gets_a_statement_of_its_own()
    {
        var rows = Rows(3, 600_000);

        var chunks = RowChunker.Chunk(rows, 300, 1_000_000).ToList();

        Assert.Equal([1, 1, 1], chunks.Select(c => c.Count));
    }

    [Fact]
    public void Insert_text_names_only_the_business_columns_with_one_placeholder_group_per_row()
    {
        var sql = new InsertStatementCache().For(3);

        Assert.Equal(
            "INSERT INTO conversation_records (user_id, source, occurred, content) VALUES " +
            "(@u0,@s0,@o0,@c0),(@u1,@s1,@o1,@c1),(@u2,@s2,@o2,@c2) ON DUPLICATE KEY UPDATE id = id",
            sql);
    }

    private static ConversationRecord[] Rows(int count, int contentChars) =>
        Enumerable.Range(0, count)
            .Select(i => new ConversationRecord("user", RecordSource.User, i + new string('x', contentChars), Occurred))
            .ToArray();
}
