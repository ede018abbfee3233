namespace SolWatch.ConsoleCapture.Web;

/// <summary>A line of the users file.</summary>
/// <param name="Name">The login name.</param>
/// <param name="Role">What the user may do.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's password hash (PBKDF2; <see cref="PasswordHashing"/>).</param>
public sealed record WebUser(string Name, WebRole Role, string PasswordHash);
