/* floats -- printf and arithmetic of float, double and long double (x87),
 * and the libm functions musl computes with SSE. */
#include <math.h>
#include <stdio.h>

int main(void)
{
    volatile double third = 1.0 / 3.0;
    volatile long double lthird = 1.0L / 3.0L;
    volatile float f = 2.5f;
    printf("double 1/3 = %.17g\n", third);
    printf("long double 1/3 = %.21Lg\n", lthird);
    printf("float 2.5 * 1.5 = %g\n", f * 1.5f);
    printf("sqrt(2) = %.15f, exp(1) = %.15f, sin(1) = %.15f\n", sqrt(2.0), exp(1.0), sin(1.0));
    printf("pow(2, 0.5) = %.15e, log10(12345) = %.12f\n", pow(2.0, 0.5), log10(12345.0));
    printf("long double sqrtl(2) = %.18Lf\n", sqrtl(2.0L));
    printf("%%a of 0.1: %a, of 1e300 * 1e10: %g, of -0.0: %g, 0/0 is %s\n", 0.1, 1e300 * 1e10, -0.0,
           isnan(third * 0.0 / 0.0) ? "nan" : "a number");
    double sum = 0;
    for (int k = 1; k <= 100000; k++)
        sum += 1.0 / ((double)k * k);
    printf("sum of 1/k^2 to 100000 = %.15f\n", sum);
    return 0;
}
