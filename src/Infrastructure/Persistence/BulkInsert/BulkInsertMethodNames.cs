namespace Recorder.Infrastructure.Persistence.BulkInsert;

public static class BulkInsertMethodNames
{
    /// <summary>
    /// The method's current name, for spans and reports. Not <c>ToString()</c>: the enum keeps a former name as an
    /// alias of <see cref="BulkInsertMethod.LoadData"/>, and which of two names that prints is unspecified.
    /// </summary>
    public static string Name(this BulkInsertMethod method) =>
        method == BulkInsertMethod.MultiRowInsert ? nameof(BulkInsertMethod.MultiRowInsert) : nameof(BulkInsertMethod.LoadData);
}
