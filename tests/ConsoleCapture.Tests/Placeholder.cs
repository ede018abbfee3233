namespace SolWatch.ConsoleCapture.Tests;
