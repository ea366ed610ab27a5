using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Domain;

public class RecordSourceTests
{
    [Theory]
    [InlineData(RecordSource.User, "USER")]
    [InlineData(RecordSource.Ai, "AI")]
    public void Maps_to_the_column_enum_values_and_back(RecordSource source, string stored)
    {
        Assert.Equal(stored, source.ToStorageValue());
        Assert.Equal(source, RecordSourceExtensions.ParseStorageValue(stored));
    }

    [Fact]
    public void Rejects_unknown_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((RecordSource)9).ToStorageValue());
        Assert.Throws<ArgumentOutOfRangeException>(() => RecordSourceExtensions.ParseStorageValue("user"));
    }
}
