using Microsoft.EntityFrameworkCore;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence;

/// <summary>
/// The recorder's tables as EF Core sees them. The schema itself is owned by <c>db/create.sql</c> and
/// <c>db/migrate.sql</c>; this model mirrors it (an integration test holds the two together) so that the insert path
/// and maintenance commands take table and column names from one place.
/// </summary>
public sealed class RecorderDbContext(DbContextOptions<RecorderDbContext> options) : DbContext(options)
{
    public DbSet<ConversationRecord> ConversationRecords => Set<ConversationRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecorderDbContext).Assembly);
    }
}
