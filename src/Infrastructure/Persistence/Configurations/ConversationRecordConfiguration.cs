using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maps <see cref="ConversationRecord"/> to <c>conversation_records</c> exactly as <c>db/create.sql</c> creates it.
/// The domain type carries only the four business values; the key, the digest and the audit times are the
/// server's, so they are shadow properties that the application never writes.
/// </summary>
internal sealed class ConversationRecordConfiguration : IEntityTypeConfiguration<ConversationRecord>
{
    public const string TableName = "conversation_records";
    public const string IdProperty = "Id";
    public const string ContentDigestProperty = "ContentDigest";
    public const string CreatedAtProperty = "CreatedAt";
    public const string UpdatedAtProperty = "UpdatedAt";

    public void Configure(EntityTypeBuilder<ConversationRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(TableName);
        builder.HasCharSet("utf8mb4");

        builder.Property<ulong>(IdProperty).HasColumnName("id").HasColumnType("bigint unsigned").ValueGeneratedOnAdd();
        builder.HasKey(IdProperty);

        builder.Property(r => r.UserId).HasColumnName("user_id").HasColumnType("varchar(64)").IsRequired();
        builder.Property(r => r.Source).HasColumnName("source").HasColumnType("enum('USER','AI')").IsRequired()
            .HasConversion(source => source.ToStorageValue(), value => RecordSourceExtensions.ParseStorageValue(value));
        builder.Property(r => r.Content).HasColumnName("content").HasColumnType("mediumtext").IsRequired();
        builder.Property(r => r.Occurred).HasColumnName("occurred").HasColumnType("datetime(3)").IsRequired();

        // Makes MEDIUMTEXT content part of the unique key; computed by the server, never sent.
        builder.Property<byte[]>(ContentDigestProperty).HasColumnName("content_digest").HasColumnType("binary(32)")
            .HasComputedColumnSql("unhex(sha2(`content`,256))", stored: true);
        builder.Property<DateTime>(CreatedAtProperty).HasColumnName("created_at").HasColumnType("datetime(3)")
            .HasDefaultValueSql("current_timestamp(3)").ValueGeneratedOnAdd();
        builder.Property<DateTime>(UpdatedAtProperty).HasColumnName("updated_at").HasColumnType("datetime(3)")
            .HasDefaultValueSql("current_timestamp(3)").ValueGeneratedOnAddOrUpdate();

        builder.HasIndex(nameof(ConversationRecord.UserId), nameof(ConversationRecord.Source), nameof(ConversationRecord.Occurred), ContentDigestProperty)
            .IsUnique().HasDatabaseName("uk_rec_dedup");
        builder.HasIndex(r => new { r.UserId, r.Occurred }).HasDatabaseName("idx_user_occurred");
        builder.HasIndex(r => r.Occurred).HasDatabaseName("idx_occurred");
    }
}
