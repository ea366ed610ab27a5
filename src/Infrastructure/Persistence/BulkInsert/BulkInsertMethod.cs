namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// How <see cref="DbContextBulkInsertExtensions.BulkInsertAsync{TEntity}"/> sends rows to MySQL. Both skip rows that
/// duplicate a unique key and count exactly the new ones; both use the server's IGNORE mode, which would also turn
/// a data error (a value too long, a character the column cannot hold) into a warning and store the row altered, so
/// every warning is read back and anything but a duplicate fails the call: the caller must then roll its transaction
/// back, and nothing altered is ever committed.
/// </summary>
public enum BulkInsertMethod
{
    /// <summary>Multi-row <c>INSERT IGNORE</c> statements; values travel as parameters.</summary>
    MultiRowInsert = 0,

    /// <summary><c>LOAD DATA LOCAL INFILE … IGNORE</c>: the server's bulk ingest path.</summary>
    LoadData = 1,

    /// <summary>The former name of <see cref="LoadData"/>, still accepted in configuration.</summary>
    BulkCopy = LoadData,
}
