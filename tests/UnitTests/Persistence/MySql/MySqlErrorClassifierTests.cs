using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class MySqlErrorClassifierTests
{
    [Theory]
    [InlineData(1213, MySqlErrorKind.Deadlock)]
    [InlineData(1205, MySqlErrorKind.LockWaitTimeout)]
    [InlineData(1045, MySqlErrorKind.AccessDenied)]
    [InlineData(1044, MySqlErrorKind.AccessDenied)]
    [InlineData(2002, MySqlErrorKind.ConnectionLost)]
    [InlineData(2003, MySqlErrorKind.ConnectionLost)]
    [InlineData(2006, MySqlErrorKind.ConnectionLost)]
    [InlineData(2013, MySqlErrorKind.ConnectionLost)]
    [InlineData(2055, MySqlErrorKind.ConnectionLost)]
    [InlineData(1053, MySqlErrorKind.ConnectionLost)]
    [InlineData(1927, MySqlErrorKind.ConnectionLost)]
    [InlineData(1152, MySqlErrorKind.ConnectionLost)]
    [InlineData(1158, MySqlErrorKind.ConnectionLost)]
    [InlineData(1161, MySqlErrorKind.ConnectionLost)]
    [InlineData(1040, MySqlErrorKind.ConnectionLost)]
    [InlineData(1317, MySqlErrorKind.Timeout)]
    [InlineData(3024, MySqlErrorKind.Timeout)]
    [InlineData(1969, MySqlErrorKind.Timeout)]
    [InlineData(1062, MySqlErrorKind.Other)]
    [InlineData(1064, MySqlErrorKind.Other)]
    [InlineData(1153, MySqlErrorKind.Other)]
    [InlineData(2014, MySqlErrorKind.Other)]
    public void Classifies_error_numbers(int number, MySqlErrorKind expected) =>
        Assert.Equal(expected, MySqlErrorClassifier.Classify(number));

    [Theory]
    [InlineData(2006, true)]
    [InlineData(2013, true)]
    [InlineData(2014, true)]
    [InlineData(1927, true)]
    [InlineData(1213, false)]
    [InlineData(1062, false)]
    public void Knows_which_errors_break_the_connection(int number, bool expected) =>
        Assert.Equal(expected, MySqlErrorClassifier.IsConnectionLevel(number));

    [Theory]
    [InlineData(1213, true)]
    [InlineData(1205, true)]
    [InlineData(2013, true)]
    [InlineData(1317, true)]
    [InlineData(1045, false)]
    [InlineData(1064, false)]
    public void Transient_errors_are_the_retryable_kinds(int number, bool expected) =>
        Assert.Equal(expected, MySqlException.FromError(number, "HY000", "text", null, null).IsTransient);

    [Fact]
    public void Message_carries_number_state_and_server_text()
    {
        var error = MySqlException.FromError(1213, "40001", "Deadlock found when trying to get lock", "Insert", null);

        Assert.Equal("Insert: MySQL error 1213 (40001): Deadlock found when trying to get lock", error.Message);
        Assert.Equal(1213, error.Number);
        Assert.Equal("40001", error.SqlState);
        Assert.Equal(MySqlErrorKind.Deadlock, error.Kind);
    }

    [Fact]
    public void The_password_is_scrubbed_from_server_text()
    {
        var error = MySqlException.FromError(1064, "42000", "syntax error near 'topsecret-pw'", null, "topsecret-pw");

        Assert.DoesNotContain("topsecret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_side_timeouts_are_transient()
    {
        var error = MySqlException.Timeout("connection pool exhausted");

        Assert.Equal(MySqlErrorKind.Timeout, error.Kind);
        Assert.True(error.IsTransient);
    }
}
